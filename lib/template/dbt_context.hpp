#pragma once
// Internal: the global names of a render. Plain Jinja globals (range, dict, namespace,
// joiner) always; the dbt context (ref, source, config, var, env_var, this, target,
// adapter, macros, ...) unless the request asks for plain Jinja.

#include "core/project.hpp"
#include "template/interp.hpp"
#include "template/render.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

namespace dpipe::tmpl {

class DbtContext;

// A named builtin function backed by a plain function pointer.
class Builtin : public Object {
public:
    using Fn = Value (*)(Interp&, DbtContext&, CallArgs&);
    Builtin(std::string_view name, Fn fn, DbtContext& ctx) : m_name(name), m_fn(fn), m_ctx(ctx) {}
    std::string_view type_name() const override { return "function"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& args) override { return m_fn(in, *this->ctx(), args); }
    std::string str() const override { return "<function " + std::string(m_name) + ">"; }
    // `ref.config` / `source.config`: dbt's RuntimeConfig, as far as parse time knows it.
    Value get_attr(Interp& in, std::string_view name) override;
    DbtContext* ctx() const { return &m_ctx; }

private:
    std::string_view m_name;
    Fn m_fn;
    DbtContext& m_ctx;
};

class DbtContext : public Globals {
public:
    DbtContext(const RenderRequest& req, core::Rendered& out);

    Value lookup(Interp& in, std::string_view name) override;
    bool degrade_missing_packages() const override { return !m_req.plain_jinja; }
    Value missing_package_macro(Interp& in, std::string_view package, std::string_view macro) override;

    const RenderRequest& request() const { return m_req; }
    core::Rendered& rendered() { return m_out; }

    // A macro by name as seen from the running macro's package (then the root package).
    Value find_macro(Interp& in, std::string_view name);
    // `package.name` or a placeholder that reports TP100 when called.
    Value package_macro(Interp& in, std::string_view package, std::string_view name);
    Value make_macro(const MacroRegistry::Entry& e);
    // A name of the context itself (builtins, dbt functions, target, ...), never a macro;
    // undefined when unknown.
    Value context_value(Interp& in, std::string_view name);
    // Relation text for ref/source/this.
    std::string relation_text(const core::Ref& r) const;
    std::string source_text(const core::SourceCall& s) const;

private:
    Value make_global(Interp& in, std::string_view name);

    const RenderRequest& m_req;
    core::Rendered& m_out;
    Value m_globals_json; // request.globals as a dict (or undefined)
    std::unordered_map<std::string, Value> m_cache;
};

// A dbt Relation rendering as `text` (dbt_relation.cpp); its parts are read from the text when
// it is a quoted or plain dotted name, else taken from the arguments.
Value make_relation(std::string text, std::string database, std::string schema, std::string identifier);
// `api`: api.Relation (create, add_ephemeral_prefix) and api.Column (create, translate_type, ...).
Value make_api(DbtContext& ctx);

// In a compile render (RenderRequest::compile): `what` needs data or a listing of the warehouse,
// so the render fails (TP007) rather than invent an answer.
[[noreturn]] void fail_needs_warehouse(Interp& in, std::string_view what);
// An api.Column of `name` and `dtype`, quoted for the adapter (dbt_relation.cpp).
Value make_column(DbtContext& ctx, std::string name, std::string dtype);

// Objects of the dbt context (dbt_objects.cpp).
Value make_adapter(DbtContext& ctx);
Value make_empty_table();
Value make_exceptions(DbtContext& ctx);
Value make_config(DbtContext& ctx);
// dbt's RuntimeConfig as `builtins.ref.config` gives it: project_name, version, profile_name,
// target_name, vars, and dependencies (the project and each installed package by name, with
// project_name and version).
Value make_runtime_config(DbtContext& ctx);
Value make_package_namespace(DbtContext& ctx, std::string package);
Value make_missing_macro(std::string package, std::string name);

// dbt's cross-database macros and the `dbt` namespace (dbt_namespace.cpp). The macro object
// renders `name` for the target's adapter (cross_db_impl.hpp), unless the root project has a
// `<adapter>__name` or `default__name` for the adapter's dispatch chain: that one is called
// instead, as dbt's dispatch would pick it. Precondition: cross_db::known(name).
Value make_cross_db_macro(DbtContext& ctx, std::string name);
// `dbt`: its cross-database macros, dbt's context functions (dbt.is_incremental, ...), and a
// placeholder for any other dbt macro.
Value make_dbt_namespace(DbtContext& ctx);
// dbt_utils before 1.0 carried dbt's cross-database macros under its own name (dbt_utils.datediff,
// dbt_utils.current_timestamp, ...); they render as dbt's when dbt_utils has no such macro (not
// installed, or a release without them). Undefined for any other package or name.
Value dbt_utils_cross_db_macro(DbtContext& ctx, std::string_view package, std::string_view name);
// The adapter type the cross-database macros render for (target.type, lower case, with
// "postgresql"/"pg" read as "postgres").
std::string adapter_type(const DbtContext& ctx);

// fromyaml()/toyaml() (yaml_value.cpp): `fallback` when the text is not YAML they read.
Value fromyaml_value(std::string_view text, const Value& fallback);
std::string toyaml_text(Interp& in, const Value& v, bool sort_keys);

// Plain builtins (builtins.cpp), `modules` (modules.cpp: re, itertools, pytz) and its
// datetime module (datetime.cpp).
Value make_jinja_builtin(DbtContext& ctx, std::string_view name); // undefined when unknown
Value make_modules();
Value make_datetime_module();
Value make_now();

} // namespace dpipe::tmpl
