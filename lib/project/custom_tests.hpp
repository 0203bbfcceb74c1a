#pragma once
// Uses of generic tests that are not dbt's four built-ins: a `{% test name(model, ...) %}`
// definition of the project or of an installed package, rendered to the SQL of its failing rows
// as dbt compiles a test node, with the macros and target the snapshot was rendered with.

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "project/snapshot.hpp"
#include "util/result.hpp"

#include <string>

namespace dpipe::project {

// `model` is the Jinja expression of what the test is attached to (`ref('orders')`,
// `source('raw', 'orders')`); `config.where` wraps it in a subquery as dbt's
// get_where_subquery does. The test's arguments are passed by name, `column_name` too for a
// column test; a string argument that is a `ref(...)` or `source(...)` call is passed as that
// relation (as dbt renders it). ref() and source() resolve through snapshot.relations (the run's
// relations). The error is the render's, located in the test definition or the property file.
util::Result<std::string, core::Diagnostic> render_custom_test(const Snapshot& snapshot, const core::TestSpec& spec,
                                                               const std::string& model);

} // namespace dpipe::project
