// Jinja's default globals: range, dict, namespace, joiner, cycler, plus list().

#include "template/dbt_context.hpp"

namespace dpipe::tmpl {

namespace {

Value fn_range(Interp& in, DbtContext&, CallArgs& a) {
    std::int64_t start = 0;
    std::int64_t stop = 0;
    std::int64_t step = 1;
    for (const auto& v : a.pos) {
        if (!v.is_int() && !v.is_bool()) {
            in.fail("TP002", "'" + v.type_name() + "' object cannot be interpreted as an integer");
        }
    }
    if (a.pos.size() == 1) {
        stop = a.pos[0].as_int();
    } else if (a.pos.size() == 2 || a.pos.size() == 3) {
        start = a.pos[0].as_int();
        stop = a.pos[1].as_int();
        if (a.pos.size() == 3) {
            step = a.pos[2].as_int();
        }
    } else {
        in.fail("TP002", "range expected 1 to 3 arguments, got " + std::to_string(a.pos.size()));
    }
    if (step == 0) {
        in.fail("TP002", "range() arg 3 must not be zero");
    }
    // Length computed in long double so extreme bounds cannot overflow.
    long double span = static_cast<long double>(stop) - static_cast<long double>(start);
    long double len = span / static_cast<long double>(step);
    if (len > static_cast<long double>(in.limits().max_loop_iterations)) {
        in.fail("TP003", "range() too large (limit " + std::to_string(in.limits().max_loop_iterations) + " items)");
    }
    std::vector<Value> out;
    if (len > 0) {
        out.reserve(static_cast<std::size_t>(len) + 1);
    }
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        out.emplace_back(i);
        if ((step > 0 && i > std::numeric_limits<std::int64_t>::max() - step) ||
            (step < 0 && i < std::numeric_limits<std::int64_t>::min() - step)) {
            break;
        }
    }
    return Value::list(std::move(out));
}

Value fn_dict(Interp& in, DbtContext&, CallArgs& a) {
    auto d = std::make_shared<Dict>();
    dict_update(in, *d, a);
    return Value(std::move(d));
}

Value fn_list(Interp& in, DbtContext&, CallArgs& a) {
    return a.pos.empty() ? Value::list() : Value::list(in.iterate(a.pos[0]));
}

class Namespace : public Object {
public:
    Namespace() = default;
    Namespace(const Namespace&) = delete;
    Namespace& operator=(const Namespace&) = delete;
    ~Namespace() override {
        std::vector<Value> work;
        release(work);
        drain_values(work);
    }
    std::string_view type_name() const override { return "Namespace"; }
    Value get_attr(Interp& in, std::string_view name) override {
        for (const auto& [k, v] : m_attrs) {
            if (k == name) {
                return v;
            }
        }
        return Object::get_attr(in, name);
    }
    void release(std::vector<Value>& out) override {
        for (auto& [k, v] : m_attrs) {
            out.push_back(std::move(v));
        }
        m_attrs.clear();
    }
    bool set_attr(std::string_view name, Value v) override {
        for (auto& [k, old] : m_attrs) {
            if (k == name) {
                old = std::move(v);
                return true;
            }
        }
        m_attrs.emplace_back(std::string(name), std::move(v));
        return true;
    }
    std::string str() const override {
        std::string out = "<Namespace {";
        bool first = true;
        for (const auto& [k, v] : m_attrs) {
            out += (first ? "'" : ", '") + k + "': " + v.repr();
            first = false;
        }
        return out + "}>";
    }

private:
    std::vector<std::pair<std::string, Value>> m_attrs;
};

Value fn_namespace(Interp& in, DbtContext&, CallArgs& a) {
    auto ns = std::make_shared<Namespace>();
    for (const auto& p : a.pos) {
        if (!p.is_dict()) {
            in.fail("TP002", "namespace() takes a dict or keyword arguments");
        }
        for (const auto& [k, v] : p.as_dict()->items) {
            ns->set_attr(k.str(), v);
        }
    }
    for (const auto& [k, v] : a.kw) {
        ns->set_attr(k, v);
    }
    return Value(std::static_pointer_cast<Object>(ns));
}

class Joiner : public Object {
public:
    explicit Joiner(std::string sep) : m_sep(std::move(sep)) {}
    std::string_view type_name() const override { return "Joiner"; }
    bool callable() const override { return true; }
    Value call(Interp&, CallArgs&) override {
        if (!m_used) {
            m_used = true;
            return Value("");
        }
        return Value(m_sep);
    }

private:
    std::string m_sep;
    bool m_used = false;
};

Value fn_joiner(Interp&, DbtContext&, CallArgs& a) {
    const Value* sep = a.get(0, "sep");
    return Value(std::static_pointer_cast<Object>(std::make_shared<Joiner>(sep ? sep->str() : ", ")));
}

class Cycler : public Object {
public:
    explicit Cycler(std::vector<Value> items) : m_items(std::move(items)) {}
    std::string_view type_name() const override { return "Cycler"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "current") {
            return m_items[m_pos];
        }
        if (name == "next" || name == "reset") {
            auto self = std::static_pointer_cast<Cycler>(shared_from_this());
            return Value(std::static_pointer_cast<Object>(std::make_shared<Step>(std::move(self), name == "reset")));
        }
        return Object::get_attr(in, name);
    }

private:
    class Step : public Object {
    public:
        Step(std::shared_ptr<Cycler> c, bool reset) : m_c(std::move(c)), m_reset(reset) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp&, CallArgs&) override {
            if (m_reset) {
                m_c->m_pos = 0;
                return Value::none();
            }
            Value v = m_c->m_items[m_c->m_pos];
            m_c->m_pos = (m_c->m_pos + 1) % m_c->m_items.size();
            return v;
        }

    private:
        std::shared_ptr<Cycler> m_c;
        bool m_reset;
    };
    std::vector<Value> m_items;
    std::size_t m_pos = 0;
};

Value fn_cycler(Interp& in, DbtContext&, CallArgs& a) {
    if (a.pos.empty()) {
        in.fail("TP002", "cycler() needs at least one item");
    }
    return Value(std::static_pointer_cast<Object>(std::make_shared<Cycler>(a.pos)));
}

struct NamedFn {
    const char* name;
    Builtin::Fn fn;
};

const NamedFn k_builtins[] = {
    {"range", fn_range}, {"dict", fn_dict},       {"namespace", fn_namespace},
    {"joiner", fn_joiner}, {"cycler", fn_cycler}, {"list", fn_list},
};

} // namespace

Value make_jinja_builtin(DbtContext& ctx, std::string_view name) {
    for (const auto& b : k_builtins) {
        if (name == b.name) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<Builtin>(b.name, b.fn, ctx)));
        }
    }
    return Value::undefined();
}

} // namespace dpipe::tmpl
