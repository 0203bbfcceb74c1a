#pragma once
// Output formats of `dpipe ls` and `dpipe graph`. Every function returns the whole document;
// JSON documents carry "version": 1 and follow schemas/ls.schema.json / graph.schema.json.

#include "graph/graph.hpp"

#include <string>
#include <vector>

namespace dpipe::report {

// One line per node: type, name, path and owner in aligned columns, with a header.
std::string ls_text(const graph::Graph& g, const std::vector<graph::NodeId>& ids);
std::string ls_json(const graph::Graph& g, const std::vector<graph::NodeId>& ids);

// The subgraph induced by `ids` (edges between selected nodes only).
std::string graph_json(const graph::Graph& g, const std::vector<graph::NodeId>& ids);
std::string graph_dot(const graph::Graph& g, const std::vector<graph::NodeId>& ids);
std::string graph_mermaid(const graph::Graph& g, const std::vector<graph::NodeId>& ids);

} // namespace dpipe::report
