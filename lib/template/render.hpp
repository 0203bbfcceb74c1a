#pragma once
// Rendering a dbt SQL file: Jinja evaluation with the dbt context (ref, source, config, var,
// env_var, is_incremental, this, target, adapter, macros, ...). Thread-safe: any number of
// renders may run at once against one shared, read-only MacroRegistry.
//
//   tmpl::MacroRegistry macros;                      // once per project
//   macros.set_root_package("shop");
//   macros.add_file("shop", "macros/cents.sql", text, sink);
//   tmpl::RenderRequest req;
//   req.text = model.raw_sql; req.file = model.path; req.macros = &macros;
//   req.model_name = model.name; req.resolve_ref = ...;
//   auto r = tmpl::render(req);                      // r->rendered.sql, .refs, .config ...

#include "core/diagnostic.hpp"
#include "core/project.hpp"
#include "template/limits.hpp"
#include "template/macro_registry.hpp"
#include "util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl {

struct Target {
    std::string name = "dev";
    std::string schema = "analytics_dev";
    std::string type = "postgres";
    std::string database;
};

// A column of a relation as the compile pass knows it (what adapter.get_columns_in_relation gives).
struct RelationColumn {
    std::string name;
    std::string data_type; // as declared; "" when not known (the column shows `unknown`)
};

// The warehouse as a compile render sees it (dbt compile: `execute` is true). It answers only what
// the caller knows without a connection: the columns of a relation. Everything that needs data or
// lists the warehouse (run_query, statement, load_result, adapter.get_relation, ...) makes the
// render fail with TP007, never invents an answer.
struct Warehouse {
    // The columns of the relation rendered as `relation` (the text ref()/source() gave), or why
    // they are not known (the render then fails with TP007 and that reason).
    std::function<util::Result<std::vector<RelationColumn>, std::string>(const std::string& relation)> columns;
};

struct RenderRequest {
    std::string_view text; // the SQL file
    std::string file;      // its project-relative path (for locations)
    const MacroRegistry* macros = nullptr;
    const core::Json* vars = nullptr; // merged project vars (already with --vars overrides)
    Target target;
    std::string model_name; // for `this`
    // The project (name, version, installed packages) for what dbt's RuntimeConfig exposes as
    // `builtins.ref.config` (project_name, dependencies[name].version); optional.
    const core::Project* project = nullptr;
    // Text substituted for {{ ref(...) }} / {{ source(...) }}; defaults quote the target schema.
    std::function<std::string(const core::Ref&)> resolve_ref;
    std::function<std::string(const core::SourceCall&)> resolve_source;
    // env_var lookup (default: the process environment).
    std::function<std::optional<std::string>(const std::string&)> env;
    bool is_incremental = false;
    // A var() without default that no vars define fails (TP005), as when dbt compiles; else it
    // renders None with a TP102 warning, as dbt parses models.
    bool strict_vars = false;
    // Extra top-level variables (tests and tools); looked up before the dbt context.
    const core::Json* globals = nullptr;
    // Plain Jinja: no dbt context at all (differential tests against jinja2).
    bool plain_jinja = false;
    // Compile render: `execute` is true and the adapter asks `compile` (see Warehouse); null for
    // a parse-time render (`execute` false, introspection answers nothing), as dbt parses.
    const Warehouse* compile = nullptr;
    RenderLimits limits;
};

struct RenderResult {
    core::Rendered rendered;
    std::vector<core::Diagnostic> diagnostics; // info and warnings (e.g. TP100 missing package macro)
    // "package.macro" of each unavailable macro whose placeholder was called, first-use order
    // (see template/placeholder.hpp for what the placeholder renders).
    std::vector<std::string> unavailable_macros;
};

// Hard errors (syntax TP001, undefined or runtime TP002, limits TP003, raise_compiler_error
// TP004, missing var TP005, missing env var TP006, in a compile render what needs the warehouse
// TP007) come back as one located Diagnostic whose
// notes give the macro call chain.
util::Result<RenderResult, core::Diagnostic> render(const RenderRequest& req);

// Renders an already parsed template (parse once with parse_template, render many times);
// `req.text` is ignored.
util::Result<RenderResult, core::Diagnostic> render_parsed(const Template& tmpl, const RenderRequest& req);

// sha256 of the SQL with comments removed and whitespace runs collapsed to one space (string
// literals and quoted identifiers kept verbatim).
std::string normalized_sql_hash(std::string_view sql);

} // namespace dpipe::tmpl
