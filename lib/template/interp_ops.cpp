// Arithmetic, concatenation, comparison and membership with Python semantics.

#include "template/interp.hpp"

#include <cmath>
#include <limits>

namespace dpipe::tmpl {

namespace {

const char* op_symbol(BinOp op) {
    switch (op) {
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::FloorDiv: return "//";
    case BinOp::Mod: return "%";
    case BinOp::Pow: return "**";
    case BinOp::Concat: return "~";
    }
    return "?";
}

const char* cmp_symbol(CmpOp op) {
    switch (op) {
    case CmpOp::Lt: return "<";
    case CmpOp::Le: return "<=";
    case CmpOp::Gt: return ">";
    case CmpOp::Ge: return ">=";
    default: return "==";
    }
}

} // namespace

Value Interp::eval_binary(const Expr& e) {
    Value a = eval(*e.kids[0]);
    Value b = eval(*e.kids[1]);
    m_pos = e.pos;
    return binary_op(e.op, a, b);
}

Value Interp::binary_op(BinOp op, const Value& a, const Value& b) {
    if (op == BinOp::Concat) {
        std::string s = a.str();
        std::string t = b.str();
        charge(s.size() + t.size());
        check_size(s.size() + t.size());
        s += t;
        return Value(std::move(s));
    }
    for (const Value* v : {&a, &b}) {
        if (v->is_undefined()) {
            const std::string& n = v->undefined_name();
            fail("TP002", n.empty() ? "undefined value in arithmetic" : "'" + n + "' is undefined");
        }
    }
    if (a.is_object() || b.is_object()) {
        Value r = a.is_object() ? a.as_object()->binary(*this, op, b, true) : Value::undefined();
        if (r.is_undefined() && b.is_object()) {
            r = b.as_object()->binary(*this, op, a, false);
        }
        if (!r.is_undefined()) {
            return r;
        }
    }
    if (a.is_number() && b.is_number()) {
        bool use_float = a.is_float() || b.is_float() || op == BinOp::Div;
        if (!use_float) {
            std::int64_t x = a.as_int();
            std::int64_t y = b.as_int();
            std::int64_t r = 0;
            switch (op) {
            case BinOp::Add:
                if (__builtin_add_overflow(x, y, &r)) {
                    fail("TP002", "integer overflow");
                }
                return Value(r);
            case BinOp::Sub:
                if (__builtin_sub_overflow(x, y, &r)) {
                    fail("TP002", "integer overflow");
                }
                return Value(r);
            case BinOp::Mul:
                if (__builtin_mul_overflow(x, y, &r)) {
                    fail("TP002", "integer overflow");
                }
                return Value(r);
            case BinOp::FloorDiv:
            case BinOp::Mod: {
                if (y == 0) {
                    fail("TP002", op == BinOp::Mod ? "integer modulo by zero" : "integer division or modulo by zero");
                }
                if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
                    fail("TP002", "integer overflow");
                }
                std::int64_t q = x / y;
                std::int64_t m = x % y;
                if (m != 0 && ((m < 0) != (y < 0))) {
                    --q;
                    m += y;
                }
                return Value(op == BinOp::Mod ? m : q);
            }
            case BinOp::Pow: {
                if (y < 0) {
                    if (x == 0) {
                        fail("TP002", "0.0 cannot be raised to a negative power");
                    }
                    return Value(std::pow(static_cast<double>(x), static_cast<double>(y)));
                }
                std::int64_t result = 1;
                std::int64_t base = x;
                std::int64_t exp = y;
                while (exp > 0) {
                    if ((exp & 1) != 0 && __builtin_mul_overflow(result, base, &result)) {
                        fail("TP002", "integer overflow");
                    }
                    exp >>= 1;
                    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) {
                        fail("TP002", "integer overflow");
                    }
                }
                return Value(result);
            }
            default: break;
            }
        }
        double x = a.as_float();
        double y = b.as_float();
        switch (op) {
        case BinOp::Add: return Value(x + y);
        case BinOp::Sub: return Value(x - y);
        case BinOp::Mul: return Value(x * y);
        case BinOp::Div:
            if (y == 0) {
                fail("TP002", "division by zero");
            }
            return Value(x / y);
        case BinOp::FloorDiv:
            if (y == 0) {
                fail("TP002", "float floor division by zero");
            }
            return Value(std::floor(x / y));
        case BinOp::Mod: {
            if (y == 0) {
                fail("TP002", "float modulo");
            }
            double m = std::fmod(x, y);
            if (m != 0 && ((m < 0) != (y < 0))) {
                m += y;
            }
            return Value(m);
        }
        case BinOp::Pow:
            if (x == 0 && y < 0) {
                fail("TP002", "0.0 cannot be raised to a negative power");
            }
            return Value(std::pow(x, y));
        default: break;
        }
    }
    if (op == BinOp::Add) {
        if (a.is_string() && b.is_string()) {
            charge(a.as_string().size() + b.as_string().size());
            check_size(a.as_string().size() + b.as_string().size());
            return Value(a.as_string() + b.as_string());
        }
        if (a.is_list() && b.is_list()) {
            std::vector<Value> items = a.as_list()->items;
            items.insert(items.end(), b.as_list()->items.begin(), b.as_list()->items.end());
            return Value::list(std::move(items), a.as_list()->is_tuple);
        }
    }
    if (op == BinOp::Mul) {
        const Value* seq = (a.is_string() || a.is_list()) ? &a : ((b.is_string() || b.is_list()) ? &b : nullptr);
        const Value* count = seq == &a ? &b : &a;
        if (seq != nullptr && (count->is_int() || count->is_bool())) {
            std::int64_t n = std::max<std::int64_t>(0, count->as_int());
            std::size_t unit = seq->is_string() ? seq->as_string().size() : seq->as_list()->items.size();
            std::uint64_t cap = seq->is_string() ? m_limits.max_output : m_limits.max_loop_iterations;
            if (unit > 0 && static_cast<std::uint64_t>(n) > cap / unit) {
                fail("TP003", seq->is_string() ? "output size limit exceeded (limit " + std::to_string(cap) + " bytes)"
                                               : "list too large (limit " + std::to_string(cap) + " items)");
            }
            auto total = static_cast<std::size_t>(n) * unit;
            charge(total);
            if (seq->is_string()) {
                // Doubling: a few appends however small the unit.
                std::string out;
                out.reserve(total);
                if (n > 0) {
                    out = seq->as_string();
                }
                while (out.size() < total) {
                    out.append(out, 0, std::min(out.size(), total - out.size()));
                }
                return Value(std::move(out));
            }
            std::vector<Value> out;
            out.reserve(total);
            for (std::int64_t i = 0; i < n; ++i) {
                out.insert(out.end(), seq->as_list()->items.begin(), seq->as_list()->items.end());
            }
            return Value::list(std::move(out), seq->as_list()->is_tuple);
        }
    }
    if (op == BinOp::Mod && a.is_string()) {
        CallArgs args;
        if (b.is_list() && b.as_list()->is_tuple) {
            args.pos = b.as_list()->items;
        } else {
            args.pos.push_back(b);
        }
        args.kw.emplace_back("%", Value(true));
        return Value(python_format(*this, a.as_string(), args));
    }
    fail("TP002", std::string("unsupported operand type(s) for ") + op_symbol(op) + ": '" + a.type_name() + "' and '" +
                      b.type_name() + "'");
}

bool Interp::contains(const Value& container, const Value& item) {
    switch (container.kind()) {
    case Value::Kind::String:
        if (!item.is_string()) {
            fail("TP002", "'in <string>' requires string as left operand, not " + item.type_name());
        }
        return container.as_string().find(item.as_string()) != std::string::npos;
    case Value::Kind::List:
        for (const auto& v : container.as_list()->items) {
            if (values_equal(v, item)) {
                return true;
            }
        }
        return false;
    case Value::Kind::Dict: return container.as_dict()->find(item) != nullptr;
    case Value::Kind::Object:
        if (int c = container.as_object()->contains(item); c >= 0) {
            return c == 1;
        }
        [[fallthrough]];
    default:
        for (const auto& v : iterate(container)) {
            if (values_equal(v, item)) {
                return true;
            }
        }
        return false;
    }
}

bool Interp::compare(CmpOp op, const Value& a, const Value& b) {
    switch (op) {
    case CmpOp::Eq: return values_equal(a, b);
    case CmpOp::Ne: return !values_equal(a, b);
    case CmpOp::In: return contains(b, a);
    case CmpOp::NotIn: return !contains(b, a);
    default: break;
    }
    bool ok = true;
    bool result = false;
    switch (op) {
    case CmpOp::Lt: result = value_less(a, b, ok); break;
    case CmpOp::Gt: result = value_less(b, a, ok); break;
    case CmpOp::Le: result = !value_less(b, a, ok); break;
    case CmpOp::Ge: result = !value_less(a, b, ok); break;
    default: break;
    }
    if (!ok) {
        if (a.is_undefined() || b.is_undefined()) {
            const Value& u = a.is_undefined() ? a : b;
            fail("TP002", "'" + u.undefined_name() + "' is undefined");
        }
        fail("TP002", std::string("'") + cmp_symbol(op) + "' not supported between instances of '" + a.type_name() +
                          "' and '" + b.type_name() + "'");
    }
    return result;
}

} // namespace dpipe::tmpl
