// The `dbt` namespace and dbt's cross-database macros as callable values.

#include "template/cross_db_impl.hpp"
#include "template/dbt_context.hpp"
#include "template/placeholder.hpp"

namespace dpipe::tmpl {

namespace {

class CrossDbMacro : public Object {
public:
    CrossDbMacro(DbtContext& ctx, std::string name) : m_ctx(ctx), m_name(std::move(name)) {}
    std::string_view type_name() const override { return "Macro"; }
    bool callable() const override { return true; }
    std::string str() const override { return "<Macro 'dbt." + m_name + "'>"; }
    Value call(Interp& in, CallArgs& args) override {
        std::string type = adapter_type(m_ctx);
        const MacroRegistry* reg = m_ctx.request().macros;
        if (reg != nullptr) {
            // The root project's implementation for the adapter overrides dbt's.
            for (const auto& prefix : cross_db::dispatch_chain(type)) {
                if (const auto* e = reg->find(reg->root_package(), prefix + "__" + m_name)) {
                    return in.call_value(m_ctx.make_macro(*e), args, m_name);
                }
            }
        }
        return cross_db::render(in, type, m_name, args);
    }

private:
    DbtContext& m_ctx;
    std::string m_name;
};

class DbtNamespace : public Object {
public:
    explicit DbtNamespace(DbtContext& ctx) : m_ctx(ctx) {}
    std::string_view type_name() const override { return "namespace"; }
    std::string str() const override { return "<package dbt>"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (cross_db::known(name)) {
            return make_cross_db_macro(m_ctx, std::string(name));
        }
        Value v = name == "dbt" ? Value::undefined() : m_ctx.context_value(in, name);
        if (!v.is_undefined()) {
            return v;
        }
        return make_unavailable("dbt", std::string(name), "dpipe does not render this dbt macro");
    }

private:
    DbtContext& m_ctx;
};

} // namespace

Value make_cross_db_macro(DbtContext& ctx, std::string name) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<CrossDbMacro>(ctx, std::move(name))));
}

Value make_dbt_namespace(DbtContext& ctx) {
    return Value(std::static_pointer_cast<Object>(std::make_shared<DbtNamespace>(ctx)));
}

Value dbt_utils_cross_db_macro(DbtContext& ctx, std::string_view package, std::string_view name) {
    if (package != "dbt_utils") {
        return Value::undefined();
    }
    if (name == "current_timestamp" || name == "current_timestamp_in_utc") {
        // dbt keeps dbt_utils' behaviour of these two under the _backcompat names.
        return make_cross_db_macro(ctx, std::string(name) + "_backcompat");
    }
    return cross_db::known(name) ? make_cross_db_macro(ctx, std::string(name)) : Value::undefined();
}

std::string adapter_type(const DbtContext& ctx) {
    std::string type = cross_db::lower(ctx.request().target.type);
    if (type == "postgresql" || type == "pg") {
        return "postgres";
    }
    return type;
}

} // namespace dpipe::tmpl
