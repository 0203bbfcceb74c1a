// Jinja filters on scalars and strings, and the Jinja tests (`is defined`, ...).
// Sequence filters live in filters_seq.cpp.

#include "template/filters_impl.hpp"
#include "template/unicode_case.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <cmath>
#include <cstdlib>

namespace dpipe::tmpl {

using filters::lower;

namespace {

bool is_ws(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string indent_text(std::string s, const Value& width, bool first, bool blank) {
    std::string ind = width.is_string() ? width.as_string()
                                        : std::string(static_cast<std::size_t>(std::clamp<std::int64_t>(
                                                          width.is_number() ? width.as_int() : 4, 0, 1024)),
                                                      ' ');
    s += '\n';
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') {
            lines.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    std::string rv;
    if (blank) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i > 0) {
                rv += "\n" + ind;
            }
            rv += lines[i];
        }
    } else {
        rv = lines.empty() ? "" : lines[0];
        if (lines.size() > 1) {
            rv += "\n";
            for (std::size_t i = 1; i < lines.size(); ++i) {
                if (i > 1) {
                    rv += "\n";
                }
                if (!lines[i].empty()) {
                    rv += ind;
                }
                rv += lines[i];
            }
        }
    }
    if (first) {
        rv = ind + rv;
    }
    return rv;
}

// Python's int(str, base) for base 10 with surrounding whitespace and underscores.
bool parse_int(std::string_view s, std::int64_t& out) {
    while (!s.empty() && is_ws(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_ws(s.back())) {
        s.remove_suffix(1);
    }
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) {
        return false;
    }
    std::int64_t v = 0;
    for (char c : s) {
        if (c == '_') {
            continue;
        }
        if (c < '0' || c > '9' || __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) {
            return false;
        }
    }
    out = neg ? -v : v;
    return true;
}

bool parse_float(std::string_view s, double& out) {
    std::string t(s);
    while (!t.empty() && is_ws(t.back())) {
        t.pop_back();
    }
    const char* b = t.c_str();
    while (is_ws(*b)) {
        ++b;
    }
    if (*b == '\0') {
        return false;
    }
    char* end = nullptr;
    out = std::strtod(b, &end);
    return end != nullptr && *end == '\0';
}

Value to_int(const Value& v, const Value& dflt) {
    if (v.is_bool() || v.is_int()) {
        return Value(v.as_int());
    }
    if (v.is_float()) {
        double d = v.as_float();
        if (!std::isfinite(d) || std::fabs(d) > 9.2e18) {
            return dflt;
        }
        return Value(static_cast<std::int64_t>(d));
    }
    if (v.is_string()) {
        std::int64_t i = 0;
        if (parse_int(v.as_string(), i)) {
            return Value(i);
        }
        double d = 0;
        if (parse_float(v.as_string(), d) && std::isfinite(d) && std::fabs(d) < 9.2e18) {
            return Value(static_cast<std::int64_t>(d));
        }
    }
    return dflt;
}

Value to_float(const Value& v, const Value& dflt) {
    if (v.is_number()) {
        return Value(v.as_float());
    }
    if (v.is_string()) {
        double d = 0;
        if (parse_float(v.as_string(), d)) {
            return Value(d);
        }
    }
    return dflt;
}

Value round_value(Interp& in, const Value& v, CallArgs& args) {
    const Value* p = args.get(0, "precision");
    const Value* m = args.get(1, "method");
    std::int64_t prec = p ? p->as_int() : 0;
    std::string method = m ? m->str() : "common";
    if (!v.is_number()) {
        in.fail("TP002", "round() requires a number, not " + v.type_name());
    }
    if (method != "common" && method != "ceil" && method != "floor") {
        in.fail("TP002", "method must be common, ceil or floor");
    }
    double scale = std::pow(10.0, static_cast<double>(std::clamp<std::int64_t>(prec, -300, 300)));
    double x = v.as_float() * scale;
    double r;
    if (method == "ceil") {
        r = std::ceil(x);
    } else if (method == "floor") {
        r = std::floor(x);
    } else {
        r = std::nearbyint(x); // round-half-even, like Python's round()
    }
    if (method == "common" && v.is_int() && !v.is_bool()) {
        return Value(static_cast<std::int64_t>(r / scale));
    }
    return Value(r / scale);
}

std::string strip_text(const std::string& s, const Value* chars) {
    auto drop = [&](char c) { return chars == nullptr || chars->is_none() ? is_ws(c) : chars->str().find(c) != std::string::npos; };
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && drop(s[b])) {
        ++b;
    }
    while (e > b && drop(s[e - 1])) {
        --e;
    }
    return s.substr(b, e - b);
}

// dbt's as_native: the literal a string spells (number, bool, none), else the string.
Value as_native(const Value& v) {
    if (!v.is_string()) {
        return v;
    }
    const std::string& s = v.as_string();
    if (s == "True" || s == "true") {
        return Value(true);
    }
    if (s == "False" || s == "false") {
        return Value(false);
    }
    if (s == "None" || s == "none") {
        return Value::none();
    }
    std::int64_t i = 0;
    if (parse_int(s, i)) {
        return Value(i);
    }
    double d = 0;
    if (parse_float(s, d)) {
        return Value(d);
    }
    return v;
}

} // namespace

Value Interp::apply_filter(std::string_view name, Value v, CallArgs& args) {
    if (auto r = filters::sequence_filter(*this, name, v, args)) {
        return std::move(*r);
    }
    if (name == "default" || name == "d") {
        const Value* dflt = args.get(0, "default_value");
        const Value* boolean = args.get(1, "boolean");
        bool use = v.is_undefined() || (boolean && boolean->truthy() && !v.truthy());
        return use ? (dflt ? *dflt : Value("")) : v;
    }
    if (name == "safe") {
        return v;
    }
    if (name == "e" || name == "escape" || name == "forceescape" || name == "string" || name == "as_text") {
        return Value(v.str());
    }
    if (name == "lower" || name == "upper") {
        return Value(change_case(v.str(), name == "lower" ? CaseMode::Lower : CaseMode::Upper));
    }
    if (name == "capitalize") {
        return Value(change_case(v.str(), CaseMode::Capitalize));
    }
    if (name == "title") {
        return Value(change_case(v.str(), CaseMode::Title, true));
    }
    if (name == "trim") {
        return Value(strip_text(v.str(), args.get(0, "chars")));
    }
    if (name == "replace") {
        CallArgs a;
        a.pos = args.pos;
        a.kw = args.kw;
        bool found = false;
        for (auto& p : a.pos) {
            if (!p.is_string() && !p.is_number()) {
                continue;
            }
            if (!p.is_string()) {
                p = Value(p.str());
            }
        }
        return call_builtin_method(*this, Value(v.str()), "replace", a, found);
    }
    if (name == "join") {
        const Value* sep = args.get(0, "d");
        const Value* attr = args.get(1, "attribute");
        std::string d = sep ? sep->str() : "";
        std::string out;
        bool first = true;
        for (auto& it : iterate(v)) {
            if (!first) {
                out += d;
            }
            first = false;
            (attr ? filters::attribute_path(*this, it, *attr) : it).append_str(out);
            check_size(out.size());
        }
        charge(out.size());
        return Value(std::move(out));
    }
    if (name == "length" || name == "count") {
        switch (v.kind()) {
        case Value::Kind::Undefined: return Value(static_cast<std::int64_t>(0));
        case Value::Kind::String: return Value(static_cast<std::int64_t>(char_count(v.as_string())));
        case Value::Kind::List:
        case Value::Kind::Dict:
        case Value::Kind::Object: return Value(static_cast<std::int64_t>(iterate(v).size()));
        default: fail("TP002", "object of type '" + v.type_name() + "' has no len()");
        }
    }
    if (name == "int") {
        const Value* dflt = args.get(0, "default");
        return to_int(v, dflt ? *dflt : Value(static_cast<std::int64_t>(0)));
    }
    if (name == "float") {
        const Value* dflt = args.get(0, "default");
        return to_float(v, dflt ? *dflt : Value(0.0));
    }
    if (name == "as_number") {
        Value n = as_native(v);
        return n.is_number() ? n : v;
    }
    if (name == "as_bool") {
        Value n = as_native(v);
        return n.is_bool() ? n : v;
    }
    if (name == "as_native") {
        return as_native(v);
    }
    if (name == "round") {
        return round_value(*this, v, args);
    }
    if (name == "abs") {
        if (!v.is_number()) {
            fail("TP002", "bad operand type for abs(): '" + v.type_name() + "'");
        }
        if (v.is_float()) {
            return Value(std::fabs(v.as_float()));
        }
        std::int64_t i = v.as_int();
        if (i == std::numeric_limits<std::int64_t>::min()) {
            fail("TP002", "integer overflow");
        }
        return Value(i < 0 ? -i : i);
    }
    if (name == "tojson") {
        JsonOptions o;
        o.sort_keys = true;
        o.html_safe = true;
        if (const Value* ind = args.get(0, "indent"); ind && ind->is_number()) {
            o.indent = static_cast<int>(std::clamp<std::int64_t>(ind->as_int(), 0, 64));
        }
        return Value(to_json(*this, v, o));
    }
    if (name == "indent") {
        const Value* w = args.get(0, "width");
        const Value* first = args.get(1, "first");
        const Value* blank = args.get(2, "blank");
        return Value(indent_text(v.str(), w ? *w : Value(static_cast<std::int64_t>(4)), first && first->truthy(),
                                 blank && blank->truthy()));
    }
    if (name == "wordcount") {
        std::string s = v.str();
        std::int64_t n = 0;
        bool in_word = false;
        for (char c : s) {
            bool w = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || static_cast<unsigned char>(c) >= 0x80;
            if (w && !in_word) {
                ++n;
            }
            in_word = w;
        }
        return Value(n);
    }
    if (name == "center") {
        const Value* w = args.get(0, "width");
        CallArgs a;
        a.pos.push_back(w ? *w : Value(static_cast<std::int64_t>(80)));
        bool found = false;
        return call_builtin_method(*this, Value(v.str()), "center", a, found);
    }
    if (name == "format") {
        CallArgs a;
        a.pos = args.pos;
        if (a.pos.empty() && !args.kw.empty()) {
            auto d = std::make_shared<Dict>();
            for (const auto& [k, x] : args.kw) {
                d->set(Value(k), x);
            }
            a.pos.emplace_back(std::move(d));
        }
        a.kw.emplace_back("%", Value(true));
        return Value(python_format(*this, v.str(), a));
    }
    if (name == "attr") {
        const Value* n = args.get(0, "name");
        return n ? get_attr(v, n->str()) : Value::undefined();
    }
    fail("TP002", "no filter named '" + std::string(name) + "'");
}

bool Interp::apply_test(std::string_view name, const Value& v, CallArgs& args) {
    const Value* arg = args.get(0, "other");
    auto need_arg = [&]() -> const Value& {
        if (arg == nullptr) {
            fail("TP002", "test '" + std::string(name) + "' needs an argument");
        }
        return *arg;
    };
    if (name == "defined") {
        return !v.is_undefined();
    }
    if (name == "undefined") {
        return v.is_undefined();
    }
    if (name == "none") {
        return v.is_none();
    }
    if (name == "string") {
        return v.is_string();
    }
    if (name == "number") {
        return v.is_number();
    }
    if (name == "integer") {
        return v.is_int();
    }
    if (name == "float") {
        return v.is_float();
    }
    if (name == "boolean") {
        return v.is_bool();
    }
    if (name == "true") {
        return v.is_bool() && v.as_bool();
    }
    if (name == "false") {
        return v.is_bool() && !v.as_bool();
    }
    if (name == "mapping") {
        return v.is_dict() || (v.is_object() && v.as_object()->is_mapping());
    }
    if (name == "iterable") {
        std::vector<Value> tmp;
        return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined() ||
               (v.is_object() && v.as_object()->iterate(tmp));
    }
    if (name == "sequence") {
        return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined();
    }
    if (name == "callable") {
        return v.is_object() && v.as_object()->callable();
    }
    if (name == "lower" || name == "upper") {
        std::string s = v.str();
        return s == change_case(s, name == "lower" ? CaseMode::Lower : CaseMode::Upper);
    }
    if (name == "escaped") {
        return false;
    }
    if (name == "eq" || name == "equalto" || name == "==") {
        return values_equal(v, need_arg());
    }
    if (name == "ne" || name == "!=") {
        return !values_equal(v, need_arg());
    }
    if (name == "lt" || name == "lessthan" || name == "<") {
        return compare(CmpOp::Lt, v, need_arg());
    }
    if (name == "le" || name == "<=") {
        return compare(CmpOp::Le, v, need_arg());
    }
    if (name == "gt" || name == "greaterthan" || name == ">") {
        return compare(CmpOp::Gt, v, need_arg());
    }
    if (name == "ge" || name == ">=") {
        return compare(CmpOp::Ge, v, need_arg());
    }
    if (name == "in") {
        return contains(need_arg(), v);
    }
    if (name == "sameas") {
        const Value& o = need_arg();
        if (v.is_object() && o.is_object()) {
            return v.as_object() == o.as_object();
        }
        if (v.is_list() && o.is_list()) {
            return v.as_list() == o.as_list();
        }
        if (v.is_dict() && o.is_dict()) {
            return v.as_dict() == o.as_dict();
        }
        return v.kind() == o.kind() && (v.is_none() || v.is_undefined() || (v.is_bool() && v.as_bool() == o.as_bool()));
    }
    if (name == "divisibleby" || name == "even" || name == "odd") {
        if (!v.is_number()) {
            fail("TP002", "test '" + std::string(name) + "' needs a number, not " + v.type_name());
        }
        if (name == "divisibleby") {
            const Value& n = need_arg();
            if (!n.is_number()) {
                fail("TP002", "divisibleby needs a number");
            }
            if (v.is_float() || n.is_float()) {
                if (n.as_float() == 0) {
                    fail("TP002", "float modulo");
                }
                return std::fmod(v.as_float(), n.as_float()) == 0;
            }
            if (n.as_int() == 0) {
                fail("TP002", "integer division or modulo by zero");
            }
            return n.as_int() == -1 || v.as_int() % n.as_int() == 0;
        }
        std::int64_t i = v.is_float() ? static_cast<std::int64_t>(v.as_float()) : v.as_int();
        bool even = i % 2 == 0;
        return name == "even" ? even : !even;
    }
    fail("TP002", "no test named '" + std::string(name) + "'");
}

} // namespace dpipe::tmpl
