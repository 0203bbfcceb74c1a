#pragma once
// dbt node selection syntax over a Graph:
//   name, +name, name+, 2+name, name+3, @name, wildcards (stg_*),
//   tag:x, path:models/staging, source:raw.orders, source:raw, resource_type:model,
//   config.materialized:table, exposure:x, pipeline:x, test_type:generic|singular|unit,
//   unions (space-separated terms) and intersections (comma inside a term).

#include "graph/graph.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::graph {

struct SelectorError {
    std::string message;
    std::size_t offset = 0; // byte offset of the offending word in the expression
};

// Nodes matched by `expr` (an empty expression selects every node). Sorted by NodeId.
util::Result<std::vector<NodeId>, SelectorError> select(const Graph& g, std::string_view expr);

struct Selection {
    std::vector<std::string> select;       // each a selector expression (unioned)
    std::vector<std::string> exclude;      // removed from the result
    std::vector<std::string> resource_types; // keep only these types (names as node_type_name)
};

// Applies a whole selection. Errors name the offending option and word.
util::Result<std::vector<NodeId>, SelectorError> apply(const Graph& g, const Selection& s);

// Tests (generic, singular, unit) whose every model/seed/source/snapshot parent is in `selected`,
// added to the selection (dbt's "cautious" indirect selection). Sorted by NodeId.
std::vector<NodeId> with_attached_tests(const Graph& g, const std::vector<NodeId>& selected);

} // namespace dpipe::graph
