#pragma once
// Column-level lineage of every model: its rendered SQL parsed (lib/sql) in DAG order, so that
// `select *` expands from what is known upstream (declared columns of sources, seed headers,
// the inferred outputs of upstream models). What cannot be resolved is marked, never guessed.

#include "graph/compile.hpp"
#include "sql/lineage.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dpipe::graph {

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
};

struct ModelLineage {
    bool analysed = false;       // a model whose SQL was parsed
    std::vector<ModelColumn> columns;
    std::vector<ColumnRef> filter_columns; // read only to filter, join or group
    bool star_unresolved = false;
    std::vector<std::string> unmapped_relations; // tables read that are no ref or source
};

struct ColumnLineage {
    std::vector<ModelLineage> models; // indexed by NodeId; empty for non-models
    // Columns known for each node (declared, seed header or inferred); nullopt when unknown.
    std::vector<std::optional<std::vector<std::string>>> known;
    std::vector<core::Diagnostic> diagnostics; // parse warnings, located in the model file
};

ColumnLineage column_lineage(const CompiledProject& cp, unsigned jobs = 0);

} // namespace dpipe::graph
