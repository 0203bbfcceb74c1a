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

// A column of a table that is no node: written by name in a model's SQL (`from raw.events`,
// `from information_schema.tables`), neither ref() nor source(). dpipe does not build it, so it
// is a leaf of the lineage, like a source without declared columns. `table` is the name as
// written, unquoted, case-folded per dialect where it was unquoted (sql::RelationName::str()).
struct TableColumn {
    std::string table;
    std::string column;
    bool operator==(const TableColumn&) const = default;
};

struct ModelColumn {
    std::string name;
    sql::Derivation how = sql::Derivation::Copy;
    std::vector<ColumnRef> from;
    std::vector<TableColumn> from_tables; // origins in tables that are no node
    bool unresolved = false;
    std::string reason; // why it is unresolved, when known: "macro dbt_utils.star unavailable"
};

struct ModelLineage {
    bool analysed = false;       // a model whose SQL was parsed
    std::vector<ModelColumn> columns;
    std::vector<ColumnRef> filter_columns; // read only to filter, join or group
    std::vector<TableColumn> filter_tables; // the same, in tables that are no node
    bool star_unresolved = false;
    std::vector<std::string> unmapped_relations; // tables read that are no ref or source
    // Those of them that are tables: not the placeholder of an unavailable macro
    // (`from {{ pkg.x() }}`), whose columns stay unresolved.
    std::vector<std::string> external_tables;
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
