#pragma once
// Column-level lineage of every model: its rendered SQL parsed (lib/sql) in DAG order, so that
// `select *` expands from what is known upstream (declared columns of sources, seed headers,
// the inferred outputs of upstream models). What cannot be resolved is marked, never guessed.

#include "graph/graph.hpp"
#include "project/snapshot.hpp"
#include "sql/lineage.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dpipe::project {

using graph::NodeId;

struct ColumnRef {
    NodeId node = 0;
    std::string column;
    bool operator==(const ColumnRef&) const = default;
};

struct ModelColumn {
    std::string name;
    sql::Derivation how = sql::Derivation::Copy;
    std::vector<ColumnRef> from;
    bool unresolved = false;
    std::string reason; // why it is unresolved, when known: "macro dbt_utils.star unavailable"
};

struct ModelLineage {
    bool analysed = false;       // a model whose SQL was parsed
    std::vector<ModelColumn> columns;
    std::vector<ColumnRef> filter_columns; // read only to filter, join or group
    bool star_unresolved = false;
    std::vector<std::string> unmapped_relations; // tables read that are no ref or source
    // Its parse-time render read `execute`, so it was rendered again as dbt compiles it
    // (compile.hpp): traced from that SQL when it differs from the parse-time SQL (`compiled`),
    // else why not when compiling failed (`compile_failure`: the located headline,
    // "models/x.sql:4:8: error: run_query() needs the warehouse ... [TP007]").
    bool compiled = false;
    std::string compile_failure;
};

struct ColumnLineage {
    std::vector<ModelLineage> models; // indexed by NodeId; empty for non-models
    // Columns known for each node (declared, seed header or inferred); nullopt when unknown.
    std::vector<std::optional<std::vector<std::string>>> known;
};

// Stage columns: reads the trees the parse stage kept (Request::keep_scripts), parsing only when
// none was kept. Marks models whose lineage could not be traced (core::NodeStatus::NotTraced
// with the reason) in `snapshot`, which is why it is not const.
ColumnLineage column_lineage(Snapshot& snapshot, unsigned jobs = 0);

} // namespace dpipe::project
