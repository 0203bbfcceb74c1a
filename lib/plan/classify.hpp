#pragma once
// Inside lib/plan: column-level classification of one changed node, and who reads what.

#include "plan/plan.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dpipe::plan::detail {

// Who reads each column of the `nodes` in base: key "<node id>/<lower-case column>". Readers are
// the nodes' children in the graph (the column lineage of those models must be traced). A reader
// that may read any column (an exposure, a model whose lineage is unknown) is listed under
// "<node id>/*".
class Readers {
  public:
    Readers(const Side& base, const std::vector<graph::NodeId>& nodes);
    // Readers of `column` of `node`, the any-column readers included.
    std::vector<std::string> of(graph::NodeId node, const std::string& column) const;
    // Every reader of any column of `node`.
    std::vector<std::string> of_node(graph::NodeId node) const;

  private:
    std::unordered_map<std::string, std::vector<std::string>> m_readers;
    std::unordered_map<graph::NodeId, std::vector<std::string>> m_by_node;
};

// Fills change.columns, change.classification and change.reason for a node present in both
// snapshots (`b` in base, `h` in head). `logic_changed`: its rendered SQL differs.
void classify_modified(NodeChange& change, const Side& base, graph::NodeId b, const Side& head,
                       graph::NodeId h, const Readers& readers, bool logic_changed);

// True when the node has dependants that read its rows: models, snapshots, exposures.
bool has_row_dependants(const graph::Graph& g, graph::NodeId id);

} // namespace dpipe::plan::detail
