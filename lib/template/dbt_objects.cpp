// Objects of the dbt context: adapter (dispatch, quote), empty query results,
// exceptions, config, package namespaces and placeholders for macros of missing packages
// (template/placeholder.hpp).

#include "template/dbt_context.hpp"

#include "template/cross_db_impl.hpp"
#include "template/json_convert.hpp"
#include "template/placeholder.hpp"

#include <algorithm>

namespace dpipe::tmpl {

namespace {

// A callable that ignores its arguments and returns a fixed value.
class ConstFn : public Object {
public:
    explicit ConstFn(Value v) : m_v(std::move(v)) {}
    void release(std::vector<Value>& out) override { out.push_back(std::move(m_v)); }
    std::string_view type_name() const override { return "function"; }
    bool callable() const override { return true; }
    Value call(Interp&, CallArgs&) override { return m_v; }

private:
    Value m_v;
};

Value const_fn(Value v) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<ConstFn>(std::move(v))));
}

class EmptyColumn : public Object {
public:
    std::string_view type_name() const override { return "Column"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "values" || name == "values_distinct" || name == "values_without_nulls") {
            return const_fn(Value::list());
        }
        if (name == "name") {
            return Value("");
        }
        return Object::get_attr(in, name);
    }
    bool iterate(std::vector<Value>&) const override { return true; }
};

class EmptyColumns : public Object {
public:
    std::string_view type_name() const override { return "MappedSequence"; }
    Value get_item(Interp&, const Value&) override {
        return Value(std::static_pointer_cast<Object>(std::make_shared<EmptyColumn>()));
    }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "keys" || name == "values" || name == "items") {
            return const_fn(Value::list());
        }
        return Object::get_attr(in, name);
    }
    bool iterate(std::vector<Value>&) const override { return true; }
    bool truthy() const override { return false; }
};

// What run_query / load_result(...).table return: an agate-like table with no rows.
class EmptyTable : public Object {
public:
    std::string_view type_name() const override { return "Table"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "columns") {
            return Value(std::static_pointer_cast<Object>(std::make_shared<EmptyColumns>()));
        }
        if (name == "rows" || name == "column_names" || name == "column_types") {
            return Value::list();
        }
        if (name == "print_table" || name == "print_json") {
            return const_fn(Value::none());
        }
        return Object::get_attr(in, name);
    }
    bool iterate(std::vector<Value>&) const override { return true; }
    bool truthy() const override { return true; }
};

class DispatchFn;

class Adapter : public Object {
public:
    explicit Adapter(DbtContext& ctx) : m_ctx(ctx) {}
    std::string_view type_name() const override { return "Adapter"; }
    Value get_attr(Interp& in, std::string_view name) override;

private:
    DbtContext& m_ctx;
};

class AdapterMethod : public Object {
public:
    AdapterMethod(DbtContext& ctx, std::string name) : m_ctx(ctx), m_name(std::move(name)) {}
    std::string_view type_name() const override { return "method"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override;

private:
    Value compile_call(Interp& in, const Warehouse& wh, CallArgs& a);

    DbtContext& m_ctx;
    std::string m_name;
};

Value Adapter::get_attr(Interp& in, std::string_view name) {
    static const char* const k_methods[] = {
        "dispatch", "quote", "type", "get_relation", "get_columns_in_relation", "list_relations_without_caching",
        "get_missing_columns", "already_exists", "check_schema_exists", "drop_relation", "create_schema",
        "drop_schema", "truncate_relation", "rename_relation", "expand_target_column_types", "load_relation",
        "get_incremental_strategy_macro", "quote_as_configured", "list_schemas", "commit", "cache_added"};
    for (const char* m : k_methods) {
        if (name == m) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<AdapterMethod>(m_ctx, std::string(name))));
        }
    }
    return Object::get_attr(in, name);
}

Value AdapterMethod::call(Interp& in, CallArgs& a) {
    const Target& t = m_ctx.request().target;
    if (m_name == "quote" || m_name == "quote_as_configured") {
        const Value* v = a.get(0, "identifier");
        std::string s = v ? v->str() : "";
        std::string type = adapter_type(m_ctx);
        std::string q = type == "bigquery" || type == "databricks" || type == "spark" ? "`" : "\"";
        return Value(q + s + q);
    }
    if (m_name == "type") {
        return Value(t.type);
    }
    if (const Warehouse* wh = m_ctx.request().compile; wh != nullptr && m_name != "dispatch") {
        return compile_call(in, *wh, a);
    }
    if (m_name == "get_columns_in_relation") {
        // Asked without an `execute` guard (dbt_utils' unpivot, nullcheck_table): dbt answers
        // it when compiling, so the model is worth compiling as if it had read `execute`.
        m_ctx.rendered().reads_execute = true;
        return Value::list();
    }
    if (m_name == "list_relations_without_caching" || m_name == "get_missing_columns" || m_name == "list_schemas") {
        return Value::list();
    }
    if (m_name == "already_exists" || m_name == "check_schema_exists") {
        return Value(false);
    }
    if (m_name != "dispatch") {
        return Value::none();
    }
    const Value* name_v = a.get(0, "macro_name");
    const Value* ns_v = a.get(1, "macro_namespace");
    if (name_v == nullptr || !name_v->is_string()) {
        in.fail("TP002", "adapter.dispatch() needs the macro name as a string");
    }
    const std::string& macro = name_v->as_string();
    std::string ns = ns_v != nullptr && !ns_v->is_none() ? ns_v->str() : "";
    const MacroRegistry* reg = m_ctx.request().macros;
    // dbt's search order: the project's `dispatch:` config for the namespace; else, for an
    // installed package (or dbt itself), the root project then the package; with no namespace,
    // the running macro's package then the root project.
    std::vector<std::string> packages;
    if (const Value* given = a.get(2, "packages"); given != nullptr && !given->is_none()) {
        for (const auto& p : in.iterate(*given)) {
            packages.push_back(p.str());
        }
    } else if (!ns.empty()) {
        const std::vector<std::string>* order = reg != nullptr ? reg->dispatch_order(ns) : nullptr;
        if (order != nullptr) {
            packages = *order;
        } else if (reg != nullptr && (reg->has_package(ns) || ns == "dbt")) {
            packages = {reg->root_package(), ns};
        } else {
            if (ns == "dbt" && cross_db::known(macro)) {
                return make_cross_db_macro(m_ctx, macro);
            }
            return make_missing_macro(ns, macro);
        }
    } else {
        if (!in.current_package().empty()) {
            packages.push_back(in.current_package());
        }
        if (reg != nullptr) {
            packages.push_back(reg->root_package());
        }
    }
    std::vector<std::string> prefixes{t.type};
    if (t.type == "redshift") {
        prefixes.emplace_back("postgres");
    }
    prefixes.emplace_back("default");
    for (const auto& pkg : packages) {
        for (const auto& prefix : prefixes) {
            if (reg != nullptr) {
                if (const auto* e = reg->find(pkg, prefix + "__" + macro)) {
                    return m_ctx.make_macro(*e);
                }
            }
        }
    }
    bool searches_dbt = ns.empty() || std::find(packages.begin(), packages.end(), "dbt") != packages.end();
    if (cross_db::known(macro) && searches_dbt) {
        return make_cross_db_macro(m_ctx, macro); // dbt's own implementation comes last
    }
    if (searches_dbt && !ns.empty()) {
        return make_missing_macro("dbt", macro); // another of dbt's own macros: not rendered here
    }
    std::string searched;
    for (const auto& prefix : prefixes) {
        searched += (searched.empty() ? "" : ", ") + prefix + "__" + macro;
    }
    in.fail("TP002", "no macro named '" + macro + "' found for adapter.dispatch within namespace '" +
                         (ns.empty() ? (reg ? reg->root_package() : std::string()) : ns) + "' (searched " + searched + ")");
}

// A compile render: the columns of a relation the caller knows; anything else the adapter would
// ask the warehouse (whether a relation exists, listings, DDL) fails.
Value AdapterMethod::compile_call(Interp& in, const Warehouse& wh, CallArgs& a) {
    if (m_name != "get_columns_in_relation") {
        fail_needs_warehouse(in, "adapter." + m_name + "()");
    }
    const Value* rel = a.get(0, "relation");
    if (rel == nullptr || !rel->is_object() || rel->as_object()->type_name() != "Relation") {
        in.fail("TP002", "adapter.get_columns_in_relation() needs a relation, got " +
                             (rel == nullptr ? std::string("nothing") : rel->type_name()));
    }
    std::string text = rel->str();
    if (!wh.columns) {
        in.fail("TP007", "adapter.get_columns_in_relation(" + text + "): no columns are known");
    }
    auto cols = wh.columns(text);
    if (!cols) {
        in.fail("TP007", "adapter.get_columns_in_relation(" + text + "): " + cols.error());
    }
    std::vector<Value> out;
    for (const RelationColumn& c : *cols) {
        // An undeclared type still has to read as a type (`cast(x as {{ col.data_type }})`): the
        // compiled SQL is traced, never run, and a cast's lineage does not depend on its type.
        out.push_back(make_column(m_ctx, c.name, c.data_type.empty() ? "unknown" : c.data_type));
    }
    return Value::list(std::move(out));
}

class Exceptions : public Object {
public:
    std::string_view type_name() const override { return "exceptions"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "warn" || name == "raise_compiler_error" || name == "raise_not_implemented" ||
            name == "raise_database_error" || name == "raise_dependency_error" || name == "raise_fail_fast_error" ||
            name == "missing_relation" || name == "relation_wrong_type" || name == "raise_contract_error") {
            return Value(std::static_pointer_cast<Object>(std::make_shared<Raiser>(std::string(name))));
        }
        return Object::get_attr(in, name);
    }

private:
    class Raiser : public Object {
    public:
        explicit Raiser(std::string name) : m_name(std::move(name)) {}
        std::string_view type_name() const override { return "function"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            std::string msg = a.pos.empty() ? std::string() : a.pos[0].str();
            if (m_name == "warn") {
                in.report(in.diagnostic(core::Severity::Warning, "TP101", msg));
                return Value("");
            }
            in.fail("TP004", msg.empty() ? m_name : msg);
        }

    private:
        std::string m_name;
    };
};

// `config`: callable to capture settings, plus config.get / config.require.
class Config : public Object {
public:
    explicit Config(DbtContext& ctx) : m_ctx(ctx) {}
    std::string_view type_name() const override { return "Config"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override {
        core::Json& cfg = m_ctx.rendered().config;
        auto put = [&](const std::string& k, const Value& v) {
            core::Json j;
            if (!to_json_value(v, j)) {
                j = v.str();
            }
            cfg[k] = std::move(j);
        };
        for (const auto& p : a.pos) {
            if (!p.is_dict()) {
                in.fail("TP002", "config() takes keyword arguments or a dict, got " + p.type_name());
            }
            for (const auto& [k, v] : p.as_dict()->items) {
                put(k.str(), v);
            }
        }
        for (const auto& [k, v] : a.kw) {
            put(k, v);
        }
        return Value("");
    }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "get" || name == "require") {
            return Value(std::static_pointer_cast<Object>(std::make_shared<Getter>(m_ctx, name == "require")));
        }
        return Object::get_attr(in, name);
    }

private:
    class Getter : public Object {
    public:
        Getter(DbtContext& ctx, bool require) : m_ctx(ctx), m_require(require) {}
        std::string_view type_name() const override { return "function"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            const Value* key = a.get(0, "name");
            if (key == nullptr) {
                in.fail("TP002", "config.get() needs a key");
            }
            const core::Json& cfg = m_ctx.rendered().config;
            auto it = cfg.find(key->str());
            if (it != cfg.end()) {
                return from_json(*it);
            }
            if (m_require) {
                in.fail("TP004", "required config '" + key->str() + "' is not set");
            }
            const Value* d = a.get(1, "default");
            return d ? *d : Value::none();
        }

    private:
        DbtContext& m_ctx;
        bool m_require;
    };
    DbtContext& m_ctx;
};

class PackageNamespace : public Object {
public:
    PackageNamespace(DbtContext& ctx, std::string package) : m_ctx(ctx), m_package(std::move(package)) {}
    std::string_view type_name() const override { return "namespace"; }
    Value get_attr(Interp& in, std::string_view name) override { return m_ctx.package_macro(in, m_package, name); }
    std::string str() const override { return "<package " + m_package + ">"; }

private:
    DbtContext& m_ctx;
    std::string m_package;
};

} // namespace

Value make_adapter(DbtContext& ctx) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<Adapter>(ctx)));
}
Value make_empty_table() {
    return Value(std::static_pointer_cast<Object>(std::make_shared<EmptyTable>()));
}
Value make_exceptions(DbtContext&) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<Exceptions>()));
}
Value make_config(DbtContext& ctx) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<Config>(ctx)));
}
Value make_runtime_config(DbtContext& ctx) {
    const RenderRequest& req = ctx.request();
    auto project = [](const std::string& name, const std::string& version) {
        auto d = std::make_shared<Dict>();
        d->set(Value("project_name"), Value(name));
        d->set(Value("version"), version.empty() ? Value::none() : Value(version));
        return Value(std::move(d));
    };
    auto deps = std::make_shared<Dict>();
    auto d = std::make_shared<Dict>();
    std::string name = req.macros ? req.macros->root_package() : std::string();
    std::string version;
    if (req.project) {
        name = req.project->name;
        version = req.project->version;
        for (const auto& pkg : req.project->packages) {
            deps->set(Value(pkg.name), project(pkg.name, pkg.version));
        }
    }
    deps->set(Value(name), project(name, version));
    d->set(Value("project_name"), Value(name));
    d->set(Value("version"), version.empty() ? Value::none() : Value(version));
    d->set(Value("profile_name"), Value(name));
    d->set(Value("target_name"), Value(req.target.name));
    d->set(Value("vars"), req.vars ? from_json(*req.vars) : Value::dict());
    d->set(Value("dependencies"), Value(std::move(deps)));
    return Value(std::move(d));
}
Value make_package_namespace(DbtContext& ctx, std::string package) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<PackageNamespace>(ctx, std::move(package))));
}
Value make_missing_macro(std::string package, std::string name) {
    std::string reason = "package '" + package + "' is not installed or has no such macro";
    return make_unavailable(std::move(package), std::move(name), std::move(reason));
}

} // namespace dpipe::tmpl
