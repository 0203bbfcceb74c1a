#pragma once
// Inside lib/plan: what is compared of one node, per facet. Each facet is a canonical string, so
// two nodes differ in a facet exactly when the strings differ.

#include "plan/plan.hpp"

#include <string>
#include <vector>

namespace dpipe::plan::detail {

struct NodeFacts {
    std::string logic;      // rendered SQL hash (whitespace and comments do not count)
    bool has_logic = false; // models, snapshots, singular tests
    std::string file_id;    // blob id of the node's own SQL file, "" when none
    core::Json config = core::Json::object(); // compared key by key for the details
    std::string columns;                      // declared columns and their types
    std::string tests;                        // test specs declared on the node
    std::string metadata;                     // descriptions, meta, owner, docs
    std::vector<std::string> files;           // files that define it (SQL file, property file)
};

// The spec of a generic test node, nullptr when it cannot be found.
const core::TestSpec* generic_spec(const core::Project& p, const graph::Graph& g,
                                   const graph::Node& n);

NodeFacts facts_of(const Side& side, graph::NodeId id);

// Output columns of a node: traced lineage for models, else the known columns (declared, seed
// header). nullopt when unknown.
std::optional<std::vector<std::string>> output_columns(const Side& side, graph::NodeId id);

// "key: old -> new" for every config key whose value differs (short JSON, truncated).
std::vector<std::string> config_details(const core::Json& before, const core::Json& after);

// "a b c" joined, JSON compact and at most `max` characters.
std::string short_json(const core::Json& j, std::size_t max = 60);

} // namespace dpipe::plan::detail
