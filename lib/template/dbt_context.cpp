// The dbt context: ref/source/config capture, var/env_var, this/target, macro lookup.

#include "template/dbt_context.hpp"

#include "template/cross_db_impl.hpp"
#include "template/json_convert.hpp"
#include "template/parser.hpp"
#include "util/hash.hpp"
#include "util/redact.hpp"

#include <cstdlib>

namespace dpipe::tmpl {

namespace {

std::string quote_ident(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

const std::string& require_string(Interp& in, const Value& v, std::string_view fn) {
    if (!v.is_string()) {
        in.fail("TP002", std::string(fn) + "() arguments must be strings, got " + v.type_name());
    }
    return v.as_string();
}

Value fn_ref(Interp& in, DbtContext& ctx, CallArgs& a) {
    core::Ref r;
    if (a.pos.size() == 1) {
        r.name = require_string(in, a.pos[0], "ref");
    } else if (a.pos.size() == 2) {
        r.package = require_string(in, a.pos[0], "ref");
        r.name = require_string(in, a.pos[1], "ref");
    } else {
        in.fail("TP002", "ref() takes 1 or 2 arguments, got " + std::to_string(a.pos.size()));
    }
    for (const auto& [k, v] : a.kw) {
        if (k == "v" || k == "version") {
            r.version = v.str();
        } else {
            in.fail("TP002", "ref() got an unexpected keyword argument '" + k + "'");
        }
    }
    r.loc = in.root_loc();
    std::string text = ctx.relation_text(r);
    Value rel = make_relation(std::move(text), ctx.request().target.database, ctx.request().target.schema, r.name);
    ctx.rendered().refs.push_back(std::move(r));
    return rel;
}

Value fn_source(Interp& in, DbtContext& ctx, CallArgs& a) {
    if (a.pos.size() != 2) {
        in.fail("TP002", "source() takes exactly 2 arguments (source name, table name), got " +
                             std::to_string(a.pos.size()));
    }
    core::SourceCall s;
    s.source_name = require_string(in, a.pos[0], "source");
    s.table_name = require_string(in, a.pos[1], "source");
    s.loc = in.root_loc();
    std::string text = ctx.source_text(s);
    Value rel = make_relation(std::move(text), "", s.source_name, s.table_name);
    ctx.rendered().sources.push_back(std::move(s));
    return rel;
}

// A var's string value holding Jinja is rendered where var() is called, as dbt renders it
// (`region: "{{ env_var('REGION', 'eu') }}"` gives the environment's value, else "eu"). Values
// that read vars nest at most k_max_var_depth deep (a var reading itself is an error).
constexpr int k_max_var_depth = 8;
thread_local int t_var_depth = 0;

Value rendered_var(Interp& in, const std::string& name, const std::string& text) {
    if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos) {
        return Value(text);
    }
    if (t_var_depth >= k_max_var_depth) {
        in.fail("TP002", "var '" + name + "' reads vars more than " + std::to_string(k_max_var_depth) +
                             " deep (a var that reads itself?)");
    }
    auto parsed = parse_template(text, "var '" + name + "'");
    if (!parsed) {
        in.fail("TP002", "var '" + name + "' holds a template that does not parse: " + parsed.error().message);
    }
    struct Depth {
        Depth() { ++t_var_depth; }
        ~Depth() { --t_var_depth; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
    } depth;
    Interp nested(in.limits(), in.globals());
    std::string out;
    try {
        nested.render(**parsed, out);
    } catch (const RenderError& e) {
        in.fail(e.diag.code, "in var '" + name + "': " + e.diag.message);
    }
    in.charge(out.size());
    return Value(std::move(out));
}

Value fn_var(Interp& in, DbtContext& ctx, CallArgs& a) {
    if (a.pos.empty() || !a.pos[0].is_string()) {
        in.fail("TP002", "var() needs the variable name as a string");
    }
    const std::string& name = a.pos[0].as_string();
    const core::Json* vars = ctx.request().vars;
    if (vars != nullptr && vars->is_object()) {
        auto it = vars->find(name);
        if (it != vars->end()) {
            return it->is_string() ? rendered_var(in, name, it->get_ref<const std::string&>()) : from_json(*it);
        }
    }
    if (const Value* d = a.get(1, "default")) {
        return *d;
    }
    if (ctx.request().strict_vars) {
        in.fail("TP005", "Required var '" + name + "' not found in config");
    }
    // dbt's parser gives None for a var it does not know (only compiling fails), so the
    // project's graph still loads; the warning keeps the missing var visible.
    in.report(in.diagnostic(core::Severity::Warning, "TP102",
                            "Required var '" + name + "' not found in config; it renders as None, as dbt parses it"));
    return Value::none();
}

Value fn_env_var(Interp& in, DbtContext& ctx, CallArgs& a) {
    if (a.pos.empty() || !a.pos[0].is_string()) {
        in.fail("TP002", "env_var() needs the variable name as a string");
    }
    const std::string& name = a.pos[0].as_string();
    std::optional<std::string> v;
    if (ctx.request().env) {
        v = ctx.request().env(name);
    } else if (const char* e = std::getenv(name.c_str())) {
        v = std::string(e);
    }
    if (v) {
        if (util::is_secret_name(name)) {
            util::register_secret(*v); // masked in every report and message from now on
        }
        return Value(std::move(*v));
    }
    if (const Value* d = a.get(1, "default"); d != nullptr && !d->is_none()) {
        return *d;
    }
    in.fail("TP006", "Env var required but not provided: '" + name + "'");
}

Value fn_is_incremental(Interp&, DbtContext& ctx, CallArgs&) {
    return Value(ctx.request().is_incremental);
}

Value fn_should_full_refresh(Interp&, DbtContext& ctx, CallArgs&) {
    auto it = ctx.rendered().config.find("full_refresh");
    return Value(it != ctx.rendered().config.end() && it->is_boolean() && it->get<bool>());
}

Value fn_local_md5(Interp& in, DbtContext&, CallArgs& a) {
    const Value* v = a.get(0, "value");
    if (v == nullptr) {
        in.fail("TP002", "local_md5() needs a string");
    }
    return Value(util::md5_hex(v->str()));
}

Value fn_run_query(Interp& in, DbtContext& ctx, CallArgs&) {
    if (ctx.request().compile != nullptr) {
        fail_needs_warehouse(in, "run_query()");
    }
    return make_empty_table();
}

// {% call statement('name', fetch_result=True) %}sql{% endcall %}: the body is rendered (so
// refs inside are recorded) but never executed.
Value fn_statement(Interp& in, DbtContext& ctx, CallArgs& a) {
    if (ctx.request().compile != nullptr) {
        fail_needs_warehouse(in, "statement()"); // dbt runs it when execute is true
    }
    for (const auto& [k, v] : a.kw) {
        if (k == "caller") {
            CallArgs none;
            in.call_value(v, none, "caller");
        }
    }
    return Value("");
}

Value fn_load_result(Interp& in, DbtContext& ctx, CallArgs&) {
    if (ctx.request().compile != nullptr) {
        fail_needs_warehouse(in, "load_result()");
    }
    auto d = std::make_shared<Dict>();
    d->set(Value("data"), Value::list());
    d->set(Value("table"), make_empty_table());
    d->set(Value("response"), Value::none());
    return Value(std::move(d));
}

Value fn_noop_text(Interp&, DbtContext&, CallArgs&) {
    return Value("");
}

Value fn_return(Interp& in, DbtContext&, CallArgs& a) {
    in.set_return(a.pos.empty() ? Value::none() : a.pos[0]);
    return Value("");
}

Value fn_fromjson(Interp& in, DbtContext&, CallArgs& a) {
    const Value* s = a.get(0, "string");
    const Value* dflt = a.get(1, "default");
    if (s == nullptr || !s->is_string()) {
        return dflt ? *dflt : Value::none();
    }
    // Bound the nesting before parsing so hostile input cannot exhaust the stack.
    int depth = 0;
    for (char c : s->as_string()) {
        depth += (c == '[' || c == '{') ? 1 : ((c == ']' || c == '}') ? -1 : 0);
        if (depth > 256) {
            in.fail("TP003", "fromjson: JSON nested too deeply");
        }
    }
    core::Json j = core::Json::parse(s->as_string(), nullptr, false);
    if (j.is_discarded()) {
        return dflt ? *dflt : Value::none();
    }
    return from_json(j);
}

Value fn_tojson(Interp& in, DbtContext&, CallArgs& a) {
    const Value* v = a.get(0, "value");
    const Value* dflt = a.get(1, "default");
    const Value* sort = a.get(2, "sort_keys");
    if (v == nullptr) {
        return dflt ? *dflt : Value::none();
    }
    JsonOptions o;
    o.sort_keys = sort && sort->truthy();
    try {
        return Value(to_json(in, *v, o));
    } catch (const RenderError&) {
        return dflt ? *dflt : Value::none();
    }
}

Value fn_fromyaml(Interp&, DbtContext&, CallArgs& a) {
    const Value* s = a.get(0, "value");
    const Value* dflt = a.get(1, "default");
    Value fallback = dflt ? *dflt : Value::none();
    if (s == nullptr || !s->is_string()) {
        return fallback;
    }
    return fromyaml_value(s->as_string(), fallback);
}

Value fn_toyaml(Interp& in, DbtContext&, CallArgs& a) {
    const Value* v = a.get(0, "value");
    const Value* sort = a.get(2, "sort_keys");
    return Value(toyaml_text(in, v ? *v : Value::none(), sort != nullptr && sort->truthy()));
}

Value fn_zip(Interp& in, DbtContext&, CallArgs& a) {
    std::vector<std::vector<Value>> seqs;
    std::size_t n = static_cast<std::size_t>(-1);
    for (const auto& s : a.pos) {
        seqs.push_back(in.iterate(s));
        n = std::min(n, seqs.back().size());
    }
    std::vector<Value> out;
    for (std::size_t i = 0; !seqs.empty() && i < n; ++i) {
        std::vector<Value> t;
        for (const auto& s : seqs) {
            t.push_back(s[i]);
        }
        out.push_back(Value::list(std::move(t), true));
    }
    return Value::list(std::move(out));
}

// dbt's set(): the distinct items, kept in first-seen order so output is deterministic.
Value fn_set(Interp& in, DbtContext&, CallArgs& a) {
    const Value* v = a.get(0, "value");
    if (v == nullptr) {
        return Value::list();
    }
    std::vector<Value> out;
    for (auto& x : in.iterate(*v)) {
        bool dup = false;
        for (const auto& y : out) {
            dup = dup || values_equal(x, y);
        }
        if (!dup) {
            out.push_back(std::move(x));
        }
    }
    return Value::list(std::move(out));
}

struct NamedFn {
    const char* name;
    Builtin::Fn fn;
};

const NamedFn k_dbt_functions[] = {
    {"ref", fn_ref},
    {"source", fn_source},
    {"var", fn_var},
    {"env_var", fn_env_var},
    {"is_incremental", fn_is_incremental},
    {"should_full_refresh", fn_should_full_refresh},
    {"local_md5", fn_local_md5},
    {"run_query", fn_run_query},
    {"statement", fn_statement},
    {"load_result", fn_load_result},
    {"log", fn_noop_text},
    {"print", fn_noop_text},
    {"return", fn_return},
    {"fromjson", fn_fromjson},
    {"tojson", fn_tojson},
    {"fromyaml", fn_fromyaml},
    {"toyaml", fn_toyaml},
    {"zip", fn_zip},
    {"zip_strict", fn_zip},
    {"set", fn_set},
    {"set_strict", fn_set},
};

} // namespace

void fail_needs_warehouse(Interp& in, std::string_view what) {
    in.fail("TP007", std::string(what) + " needs the warehouse, and a compile render has none");
}

DbtContext::DbtContext(const RenderRequest& req, core::Rendered& out) : m_req(req), m_out(out) {
    if (req.globals != nullptr && req.globals->is_object()) {
        m_globals_json = from_json(*req.globals);
    }
}

std::string DbtContext::relation_text(const core::Ref& r) const {
    if (m_req.resolve_ref) {
        return m_req.resolve_ref(r);
    }
    std::string out;
    if (!m_req.target.database.empty()) {
        out = quote_ident(m_req.target.database) + ".";
    }
    return out + quote_ident(m_req.target.schema) + "." + quote_ident(r.name);
}

std::string DbtContext::source_text(const core::SourceCall& s) const {
    if (m_req.resolve_source) {
        return m_req.resolve_source(s);
    }
    return quote_ident(s.source_name) + "." + quote_ident(s.table_name);
}

Value DbtContext::make_macro(const MacroRegistry::Entry& e) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<MacroObject>(e.tmpl, e.def, e.package, -1)));
}

Value DbtContext::find_macro(Interp& in, std::string_view name) {
    if (m_req.macros == nullptr) {
        return Value::undefined();
    }
    const std::string& pkg = in.current_package();
    if (!pkg.empty()) {
        if (const auto* e = m_req.macros->find(pkg, name)) {
            return make_macro(*e);
        }
    }
    if (const auto* e = m_req.macros->find(m_req.macros->root_package(), name)) {
        return make_macro(*e);
    }
    return Value::undefined();
}

Value DbtContext::package_macro(Interp&, std::string_view package, std::string_view name) {
    if (m_req.macros != nullptr) {
        if (const auto* e = m_req.macros->find(package, name)) {
            return make_macro(*e);
        }
    }
    if (Value alias = dbt_utils_cross_db_macro(*this, package, name); !alias.is_undefined()) {
        return alias;
    }
    return make_missing_macro(std::string(package), std::string(name));
}

Value DbtContext::missing_package_macro(Interp&, std::string_view package, std::string_view macro) {
    return dbt_utils_cross_db_macro(*this, package, macro);
}

Value Builtin::get_attr(Interp& in, std::string_view name) {
    if (name == "config" && (m_name == "ref" || m_name == "source")) {
        return make_runtime_config(m_ctx);
    }
    return Object::get_attr(in, name);
}

Value DbtContext::lookup(Interp& in, std::string_view name) {
    if (name == "execute") {
        // A ref() or source() override that reads `execute` (to look itself up in `graph`, or
        // to ask the warehouse) resolves to the same relation when compiled, where `graph` is
        // empty and the warehouse is not asked: it alone is no reason to compile the model.
        if (!in.running_macro({"ref", "source"})) {
            m_out.reads_execute = true;
        }
        return Value(m_req.compile != nullptr);
    }
    if (m_globals_json.is_dict()) {
        if (const Value* v = m_globals_json.as_dict()->find_str(name)) {
            return *v;
        }
    }
    auto it = m_cache.find(std::string(name));
    if (it != m_cache.end()) {
        return it->second;
    }
    if (!m_req.plain_jinja) {
        // Not cached: which macro a name means depends on the running macro's package.
        Value macro = find_macro(in, name);
        if (!macro.is_undefined()) {
            return macro;
        }
    }
    Value v = context_value(in, name);
    if (v.is_undefined() && !m_req.plain_jinja && cross_db::known(name)) {
        // Not cached either: a package's own macro of this name wins inside that package.
        return make_cross_db_macro(*this, std::string(name));
    }
    return v;
}

Value DbtContext::context_value(Interp& in, std::string_view name) {
    auto it = m_cache.find(std::string(name));
    if (it != m_cache.end()) {
        return it->second;
    }
    Value v = make_global(in, name);
    if (!v.is_undefined()) {
        m_cache.emplace(std::string(name), v);
    }
    return v;
}

Value DbtContext::make_global(Interp& in, std::string_view name) {
    Value b = make_jinja_builtin(*this, name);
    if (!b.is_undefined() || m_req.plain_jinja) {
        return b;
    }
    for (const auto& f : k_dbt_functions) {
        if (name == f.name) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<Builtin>(f.name, f.fn, *this)));
        }
    }
    const Target& t = m_req.target;
    if (name == "config") {
        return make_config(*this);
    }
    if (name == "builtins") {
        // dbt's own ref/source/config, for projects that override them with macros.
        auto d = std::make_shared<Dict>();
        for (const char* k : {"ref", "source", "config"}) {
            d->set(Value(k), make_global(in, k));
        }
        return Value(std::move(d));
    }
    if (name == "api") {
        return make_api(*this);
    }
    if (name == "this") {
        core::Ref self;
        self.name = m_req.model_name;
        return make_relation(relation_text(self), t.database, t.schema, m_req.model_name);
    }
    if (name == "target") {
        auto d = std::make_shared<Dict>();
        d->set(Value("name"), Value(t.name));
        d->set(Value("target_name"), Value(t.name));
        d->set(Value("schema"), Value(t.schema));
        d->set(Value("type"), Value(t.type));
        d->set(Value("database"), Value(t.database));
        d->set(Value("profile_name"), Value(m_req.macros ? m_req.macros->root_package() : std::string()));
        d->set(Value("threads"), Value(static_cast<std::int64_t>(1)));
        return Value(std::move(d));
    }
    if (name == "adapter") {
        return make_adapter(*this);
    }
    if (name == "exceptions") {
        return make_exceptions(*this);
    }
    if (name == "modules") {
        return make_modules();
    }
    if (name == "execute") {
        return Value(m_req.compile != nullptr); // DbtContext::lookup answers it before any cache
    }
    if (name == "flags") {
        auto d = std::make_shared<Dict>();
        d->set(Value("FULL_REFRESH"), Value(false));
        d->set(Value("STORE_FAILURES"), Value(false));
        // A compile render traces the relation `dbt run` builds, so it sees a run's flags (macros
        // such as dbt_utils.star render a placeholder only for `dbt compile`).
        d->set(Value("WHICH"), Value(m_req.compile != nullptr ? "run" : "compile"));
        for (const char* k : {"WARN_ERROR", "USE_COLORS", "DEBUG", "LOG_CACHE_EVENTS", "EMPTY", "INTROSPECT"}) {
            d->set(Value(k), Value(false));
        }
        d->set(Value("FAIL_FAST"), Value(false));
        d->set(Value("SEND_ANONYMOUS_USAGE_STATS"), Value(false));
        d->set(Value("PARTIAL_PARSE"), Value(false));
        return Value(std::move(d));
    }
    if (name == "graph") {
        auto d = std::make_shared<Dict>();
        for (const char* k : {"nodes", "sources", "exposures", "metrics", "macros"}) {
            d->set(Value(k), Value::dict());
        }
        return Value(std::move(d));
    }
    if (name == "model") {
        auto d = std::make_shared<Dict>();
        d->set(Value("name"), Value(m_req.model_name));
        d->set(Value("alias"), Value(m_req.model_name));
        d->set(Value("resource_type"), Value("model"));
        d->set(Value("original_file_path"), Value(m_req.file));
        d->set(Value("package_name"), Value(m_req.macros ? m_req.macros->root_package() : std::string()));
        d->set(Value("config"), Value::dict());
        return Value(std::move(d));
    }
    if (name == "project_name") {
        return Value(m_req.macros ? m_req.macros->root_package() : std::string());
    }
    if (name == "schema") {
        return Value(t.schema);
    }
    if (name == "database") {
        return Value(t.database);
    }
    if (name == "run_started_at") {
        return make_now();
    }
    if (name == "invocation_id") {
        return Value("00000000-0000-0000-0000-000000000000");
    }
    if (name == "dbt_version") {
        return Value("1.8.0");
    }
    if (name == "selected_resources") {
        return Value::list();
    }
    if (m_req.macros != nullptr && m_req.macros->has_package(name)) {
        return make_package_namespace(*this, std::string(name));
    }
    if (name == "dbt") {
        return make_dbt_namespace(*this);
    }
    return Value::undefined();
}

} // namespace dpipe::tmpl
