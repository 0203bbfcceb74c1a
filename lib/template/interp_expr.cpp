// Expression evaluation with Python/Jinja semantics.

#include "template/interp.hpp"

#include "template/placeholder.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace dpipe::tmpl {

namespace {

// A str/list/dict method taken as a value (`x.append` without calling it).
class BoundMethod : public Object {
public:
    BoundMethod(Value self, std::string name) : m_self(std::move(self)), m_name(std::move(name)) {}
    BoundMethod(const BoundMethod&) = delete;
    BoundMethod& operator=(const BoundMethod&) = delete;
    ~BoundMethod() override {
        std::vector<Value> work;
        release(work);
        drain_values(work);
    }
    std::string_view type_name() const override { return "builtin_function_or_method"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& args) override {
        bool found = false;
        return call_builtin_method(in, m_self, m_name, args, found);
    }
    void release(std::vector<Value>& out) override { out.push_back(std::move(m_self)); }
    std::string str() const override {
        return "<built-in method " + m_name + " of " + m_self.type_name() + " object>";
    }

private:
    Value m_self;
    std::string m_name;
};

std::string undefined_message(const Value& v, std::string_view fallback) {
    const std::string& n = v.undefined_name();
    if (n.rfind("parameter '", 0) == 0 || n.find(' ') != std::string::npos) {
        return n;
    }
    return "'" + (n.empty() ? std::string(fallback) : n) + "' is undefined";
}

std::string expr_name(const Expr& e) {
    if (e.kind == ExprKind::Name || e.kind == ExprKind::Attr) {
        return e.name;
    }
    return "value";
}

} // namespace

Value Interp::eval(const Expr& e) {
    if (++m_eval_depth > m_limits.max_eval_depth) {
        --m_eval_depth;
        fail("TP003", "template evaluation nested too deeply (limit " + std::to_string(m_limits.max_eval_depth) + ")");
    }
    struct Dec {
        int& d;
        ~Dec() { --d; }
    } dec{m_eval_depth};
    switch (e.kind) {
    case ExprKind::Literal: return e.literal;
    case ExprKind::Name: {
        m_pos = e.pos;
        Value v = lookup(e.name);
        if (v.is_undefined() && v.undefined_name().empty()) {
            return Value::undefined(e.name);
        }
        return v;
    }
    case ExprKind::List:
    case ExprKind::Tuple: {
        std::vector<Value> items;
        items.reserve(e.kids.size());
        for (const auto& k : e.kids) {
            items.push_back(eval(*k));
        }
        return Value::list(std::move(items), e.kind == ExprKind::Tuple);
    }
    case ExprKind::Dict: {
        auto d = std::make_shared<Dict>();
        for (std::size_t i = 0; i + 1 < e.kids.size(); i += 2) {
            Value k = eval(*e.kids[i]);
            d->set(std::move(k), eval(*e.kids[i + 1]));
        }
        return Value(std::move(d));
    }
    case ExprKind::Attr: {
        Value obj = eval(*e.kids[0]);
        m_pos = e.pos;
        return get_attr(obj, e.name);
    }
    case ExprKind::Item: {
        Value obj = eval(*e.kids[0]);
        Value key = eval(*e.kids[1]);
        m_pos = e.pos;
        return get_item(obj, key);
    }
    case ExprKind::Slice: return eval_slice(e);
    case ExprKind::Call: return eval_call(e);
    case ExprKind::Filter: {
        Value v = e.kids[0] ? eval(*e.kids[0]) : std::move(m_filter_input);
        CallArgs args;
        eval_args(*e.call, args);
        m_pos = e.pos;
        return apply_filter(e.name, std::move(v), args);
    }
    case ExprKind::Test: {
        Value v = eval(*e.kids[0]);
        CallArgs args;
        eval_args(*e.call, args);
        m_pos = e.pos;
        return Value(apply_test(e.name, v, args) != e.negated);
    }
    case ExprKind::Neg:
    case ExprKind::Pos: {
        Value v = eval(*e.kids[0]);
        m_pos = e.pos;
        if (v.is_undefined()) {
            fail("TP002", undefined_message(v, "value"));
        }
        if (!v.is_number()) {
            fail("TP002", std::string("bad operand type for unary ") + (e.kind == ExprKind::Neg ? "-" : "+") +
                              ": '" + v.type_name() + "'");
        }
        if (e.kind == ExprKind::Pos) {
            return v.is_bool() ? Value(v.as_int()) : v;
        }
        if (v.is_float()) {
            return Value(-v.as_float());
        }
        if (v.as_int() == std::numeric_limits<std::int64_t>::min()) {
            fail("TP002", "integer overflow");
        }
        return Value(-v.as_int());
    }
    case ExprKind::Not: return Value(!eval(*e.kids[0]).truthy());
    case ExprKind::Binary: return eval_binary(e);
    case ExprKind::Compare: {
        Value left = eval(*e.kids[0]);
        for (std::size_t i = 0; i < e.cmp_ops.size(); ++i) {
            Value right = eval(*e.kids[i + 1]);
            m_pos = e.pos;
            if (!compare(e.cmp_ops[i], left, right)) {
                return Value(false);
            }
            left = std::move(right);
        }
        return Value(true);
    }
    case ExprKind::And: {
        Value l = eval(*e.kids[0]);
        return l.truthy() ? eval(*e.kids[1]) : l;
    }
    case ExprKind::Or: {
        Value l = eval(*e.kids[0]);
        return l.truthy() ? l : eval(*e.kids[1]);
    }
    case ExprKind::Cond:
        if (eval(*e.kids[1]).truthy()) {
            return eval(*e.kids[0]);
        }
        return e.kids[2] ? eval(*e.kids[2]) : Value::undefined();
    }
    return Value::undefined();
}

void Interp::eval_args(const CallSpec& spec, CallArgs& args) {
    args.pos.reserve(spec.args.size());
    for (const auto& a : spec.args) {
        args.pos.push_back(eval(*a));
    }
    if (spec.star) {
        for (auto& v : iterate(eval(*spec.star))) {
            args.pos.push_back(std::move(v));
        }
    }
    for (const auto& [k, v] : spec.kwargs) {
        args.kw.emplace_back(k, eval(*v));
    }
    if (spec.dstar) {
        Value d = eval(*spec.dstar);
        if (!d.is_dict()) {
            fail("TP002", "argument after ** must be a mapping, not " + d.type_name());
        }
        for (const auto& [k, v] : d.as_dict()->items) {
            args.kw.emplace_back(k.str(), v);
        }
    }
}

Value Interp::missing_macro(const Expr& call, std::string_view package, std::string_view macro) {
    CallArgs args;
    eval_args(*call.call, args); // still evaluated so that ref()/source() inside are recorded
    m_pos = call.pos;
    std::string full = std::string(package) + "." + std::string(macro);
    report(diagnostic(core::Severity::Info, "TP100",
                      "macro '" + full + "' is not available (package '" + std::string(package) +
                          "' is not installed); rendered as a placeholder"));
    note_unavailable(full);
    return make_unavailable(std::string(package), std::string(macro), "package '" + std::string(package) +
                            "' is not installed", true);
}

void Interp::note_unavailable(const std::string& macro) {
    if (std::find(m_unavailable.begin(), m_unavailable.end(), macro) == m_unavailable.end()) {
        m_unavailable.push_back(macro);
    }
}

Value Interp::eval_call(const Expr& e) {
    const Value* caller = m_pending_caller;
    m_pending_caller = nullptr;
    const Expr& callee = *e.kids[0];
    Value fn;
    if (callee.kind == ExprKind::Attr) {
        const Expr& obj_expr = *callee.kids[0];
        Value obj;
        if (obj_expr.kind == ExprKind::Name) {
            m_pos = obj_expr.pos;
            obj = lookup(obj_expr.name);
            if (obj.is_undefined() && m_globals.degrade_missing_packages()) {
                fn = m_globals.missing_package_macro(*this, obj_expr.name, callee.name);
                if (fn.is_undefined()) {
                    return missing_macro(e, obj_expr.name, callee.name);
                }
            }
        } else {
            obj = eval(obj_expr);
        }
        if (fn.is_undefined()) {
            m_pos = callee.pos;
            if (obj.is_undefined()) {
                fail("TP002", undefined_message(obj, expr_name(obj_expr)));
            }
            if ((obj.is_string() || obj.is_list() || obj.is_dict()) && has_builtin_method(obj, callee.name)) {
                CallArgs args;
                eval_args(*e.call, args);
                m_pos = e.pos;
                bool found = false;
                return call_builtin_method(*this, obj, callee.name, args, found);
            }
            fn = get_attr(obj, callee.name);
            if (fn.is_undefined()) {
                m_pos = e.pos;
                fail("TP002", "'" + obj.type_name() + "' object has no attribute '" + callee.name + "'");
            }
        }
    } else {
        fn = eval(callee);
    }
    CallArgs args;
    eval_args(*e.call, args);
    if (caller != nullptr) {
        args.kw.emplace_back("caller", *caller);
    }
    m_pos = e.pos;
    if (fn.is_undefined()) {
        fail("TP002", undefined_message(fn, expr_name(callee)));
    }
    return call_value(fn, args, expr_name(callee));
}

Value Interp::get_attr(const Value& obj, std::string_view name) {
    switch (obj.kind()) {
    case Value::Kind::Undefined: fail("TP002", undefined_message(obj, "value"));
    case Value::Kind::Dict: {
        if (has_builtin_method(obj, name)) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<BoundMethod>(obj, std::string(name))));
        }
        if (const Value* v = obj.as_dict()->find_str(name)) {
            return *v;
        }
        return Value::undefined(std::string(name));
    }
    case Value::Kind::List:
    case Value::Kind::String:
        if (has_builtin_method(obj, name)) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<BoundMethod>(obj, std::string(name))));
        }
        return Value::undefined(std::string(name));
    case Value::Kind::Object: return obj.as_object()->get_attr(*this, name);
    default: return Value::undefined(std::string(name));
    }
}

Value Interp::get_item(const Value& obj, const Value& key) {
    switch (obj.kind()) {
    case Value::Kind::Undefined: fail("TP002", undefined_message(obj, "value"));
    case Value::Kind::List: {
        if (key.is_int() || key.is_bool()) {
            const auto& items = obj.as_list()->items;
            std::int64_t i = key.as_int();
            auto n = static_cast<std::int64_t>(items.size());
            if (i < 0) {
                i += n;
            }
            if (i < 0 || i >= n) {
                return Value::undefined("list index out of range");
            }
            return items[static_cast<std::size_t>(i)];
        }
        break;
    }
    case Value::Kind::String: {
        if (key.is_int() || key.is_bool()) {
            std::vector<Value> chars = iterate(obj);
            std::int64_t i = key.as_int();
            auto n = static_cast<std::int64_t>(chars.size());
            if (i < 0) {
                i += n;
            }
            if (i < 0 || i >= n) {
                return Value::undefined("string index out of range");
            }
            return chars[static_cast<std::size_t>(i)];
        }
        break;
    }
    case Value::Kind::Dict:
        if (const Value* v = obj.as_dict()->find(key)) {
            return *v;
        }
        break;
    case Value::Kind::Object: return obj.as_object()->get_item(*this, key);
    default: break;
    }
    if (key.is_string()) {
        return get_attr(obj, key.as_string());
    }
    return Value::undefined();
}

namespace {

// Bytes of the UTF-8 sequence a lead byte starts (1 for stray bytes), as Python sees characters
// of valid text.
std::size_t char_size(unsigned char c) {
    return c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : (c >= 0xC0 ? 2 : 1));
}

} // namespace

std::size_t char_count(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) {
        i += std::min(char_size(static_cast<unsigned char>(s[i])), s.size() - i);
    }
    return n;
}

std::vector<Value> Interp::iterate(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::Undefined: return {};
    case Value::Kind::List: return v.as_list()->items;
    case Value::Kind::Dict: {
        std::vector<Value> keys;
        keys.reserve(v.as_dict()->items.size());
        for (const auto& [k, val] : v.as_dict()->items) {
            keys.push_back(k);
        }
        return keys;
    }
    case Value::Kind::String: {
        const std::string& s = v.as_string();
        std::size_t count = char_count(s);
        if (count > m_limits.max_loop_iterations) {
            fail("TP003", "list too large (limit " + std::to_string(m_limits.max_loop_iterations) + " items)");
        }
        std::vector<Value> out;
        out.reserve(count);
        for (std::size_t i = 0; i < s.size();) {
            std::size_t len = std::min(char_size(static_cast<unsigned char>(s[i])), s.size() - i);
            out.emplace_back(s.substr(i, len));
            i += len;
        }
        return out;
    }
    case Value::Kind::Object: {
        std::vector<Value> out;
        if (v.as_object()->iterate(out)) {
            return out;
        }
        break;
    }
    default: break;
    }
    fail("TP002", "'" + v.type_name() + "' object is not iterable");
}

Value Interp::eval_slice(const Expr& e) {
    Value obj = eval(*e.kids[0]);
    auto bound = [&](const ExprPtr& k) -> std::optional<std::int64_t> {
        if (!k) {
            return std::nullopt;
        }
        Value v = eval(*k);
        if (v.is_none()) {
            return std::nullopt;
        }
        if (!v.is_int() && !v.is_bool()) {
            fail("TP002", "slice indices must be integers or None");
        }
        return v.as_int();
    };
    auto start = bound(e.kids[1]);
    auto stop = bound(e.kids[2]);
    auto step_opt = bound(e.kids[3]);
    m_pos = e.pos;
    std::int64_t step = step_opt.value_or(1);
    if (step == 0) {
        fail("TP002", "slice step cannot be zero");
    }
    if (obj.is_undefined()) {
        fail("TP002", undefined_message(obj, "value"));
    }
    std::vector<Value> items;
    if (obj.is_list() || obj.is_string()) {
        items = obj.is_list() ? obj.as_list()->items : iterate(obj);
    } else {
        fail("TP002", "'" + obj.type_name() + "' object is not subscriptable");
    }
    auto n = static_cast<std::int64_t>(items.size());
    auto clamp = [&](std::optional<std::int64_t> v, std::int64_t dflt) {
        if (!v) {
            return dflt;
        }
        std::int64_t x = *v < 0 ? *v + n : *v;
        if (step > 0) {
            return std::clamp<std::int64_t>(x, 0, n);
        }
        return std::clamp<std::int64_t>(x, -1, n - 1);
    };
    std::int64_t lo = clamp(start, step > 0 ? 0 : n - 1);
    std::int64_t hi = clamp(stop, step > 0 ? n : -1);
    std::vector<Value> out;
    for (std::int64_t i = lo; step > 0 ? i < hi : i > hi; i += step) {
        out.push_back(items[static_cast<std::size_t>(i)]);
    }
    if (obj.is_string()) {
        std::string s;
        for (const auto& c : out) {
            s += c.as_string();
        }
        return Value(std::move(s));
    }
    return Value::list(std::move(out), obj.as_list()->is_tuple);
}

} // namespace dpipe::tmpl
