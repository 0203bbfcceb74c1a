#pragma once
// The compile pass of the column stage, as `dbt compile` renders a model: `execute` is true and
// the warehouse is answered by what the project knows (tmpl::Warehouse). Only a model whose
// parse-time render read `execute` (core::Rendered::reads_execute) is compiled, once, under the
// same render limits; its compiled SQL is what its column lineage is traced from when it renders
// and parses. Lint, diagnostics and `ls` keep the parse-time render. Compile renders are never
// cached: their output depends on the columns known upstream, which the render cache's key
// does not hold.

#include "core/diagnostic.hpp"
#include "graph/graph.hpp"
#include "project/snapshot.hpp"
#include "sql/dialect.hpp"
#include "template/render.hpp"
#include "util/result.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::project {

struct Compiled {
    core::Rendered rendered; // its source map points into the model file, as the parse-time one
    std::shared_ptr<const sql::Script> script; // the compiled SQL, parsed without errors
    bool same = false; // the same SQL as the parse-time render (up to whitespace and comments): not parsed again
};

// Renders `m` (a model or analysis of `snapshot`, whose render setup it uses) in compile mode.
// Fails with the render's located error (TP007 when it needed the warehouse), or with the first
// parse error of the compiled SQL (located in the model file), or when it holds no query; gives
// no script when the SQL is the parse-time render's (`same`).
util::Result<Compiled, core::Diagnostic> compile_model(const Snapshot& snapshot, const core::Model& m,
                                                       sql::Dialect dialect, const tmpl::Warehouse& warehouse);

// The columns get_columns_in_relation() gives for `node`, whose column names are `known`: each
// with its declared data type (YAML `data_type` of the source, seed or model), else "".
std::vector<tmpl::RelationColumn> relation_columns(const Snapshot& snapshot, graph::NodeId node,
                                                   const std::vector<std::string>& known);

} // namespace dpipe::project
