#include "template/value.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dpipe::tmpl {

Value Value::list(std::vector<Value> items, bool tuple) {
    auto l = std::make_shared<List>();
    l->items = std::move(items);
    l->is_tuple = tuple;
    return Value(std::move(l));
}

Value Value::dict() {
    return Value(std::make_shared<Dict>());
}

std::int64_t Value::as_int() const {
    if (is_bool()) {
        return as_bool() ? 1 : 0;
    }
    return std::get<std::int64_t>(m_v);
}

double Value::as_float() const {
    if (is_float()) {
        return std::get<double>(m_v);
    }
    return static_cast<double>(as_int());
}

bool Value::truthy() const {
    switch (kind()) {
    case Kind::Undefined:
    case Kind::None: return false;
    case Kind::Bool: return as_bool();
    case Kind::Int: return as_int() != 0;
    case Kind::Float: return as_float() != 0.0;
    case Kind::String: return !as_string().empty();
    case Kind::List: return !as_list()->items.empty();
    case Kind::Dict: return !as_dict()->items.empty();
    case Kind::Object: return as_object()->truthy();
    }
    return false;
}

std::string format_float(double d) {
    if (std::isnan(d)) {
        return "nan";
    }
    if (std::isinf(d)) {
        return d > 0 ? "inf" : "-inf";
    }
    if (d == 0.0) {
        return std::signbit(d) ? "-0.0" : "0.0";
    }
    // Shortest round-trip digits, then laid out like Python's repr: positional for
    // exponents in [-4, 16), scientific otherwise.
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    bool neg = sci[0] == '-';
    if (neg) {
        sci.erase(0, 1);
    }
    std::size_t e_pos = sci.find('e');
    std::string mant = sci.substr(0, e_pos);
    int exp = std::stoi(sci.substr(e_pos + 1));
    std::string digits;
    for (char c : mant) {
        if (c != '.') {
            digits += c;
        }
    }
    std::string out = neg ? "-" : "";
    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            out += "0.";
            out.append(static_cast<std::size_t>(-exp - 1), '0');
            out += digits;
        } else if (static_cast<std::size_t>(exp) + 1 >= digits.size()) {
            out += digits;
            out.append(static_cast<std::size_t>(exp) + 1 - digits.size(), '0');
            out += ".0";
        } else {
            out += digits.substr(0, static_cast<std::size_t>(exp) + 1);
            out += '.';
            out += digits.substr(static_cast<std::size_t>(exp) + 1);
        }
        return out;
    }
    out += digits.substr(0, 1);
    if (digits.size() > 1) {
        out += '.';
        out += digits.substr(1);
    }
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    out += eb;
    return out;
}

static void append_string_repr(std::string& out, const std::string& s) {
    bool has_single = s.find('\'') != std::string::npos;
    bool has_double = s.find('"') != std::string::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    out += q;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (ch == q || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\r') {
            out += "\\r";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        } else {
            out += ch;
        }
    }
    out += q;
}

void Value::append_str(std::string& out) const {
    switch (kind()) {
    case Kind::Undefined: return;
    case Kind::String: out += as_string(); return;
    case Kind::Object: out += as_object()->str(); return;
    default: append_repr(out); return;
    }
}

namespace {
// Nesting beyond this prints as "..." / compares unequal, so self-referencing lists and
// dicts cannot recurse forever.
constexpr int k_max_nesting = 100;
void repr_at(const Value& v, std::string& out, int depth);
bool equal_at(const Value& a, const Value& b, int depth);
} // namespace

void Value::append_repr(std::string& out) const {
    repr_at(*this, out, 0);
}

namespace {
void repr_at(const Value& v, std::string& out, int depth) {
    using Kind = Value::Kind;
    if (depth > k_max_nesting) {
        out += "...";
        return;
    }
    switch (v.kind()) {
    case Kind::Undefined: return;
    case Kind::None: out += "None"; return;
    case Kind::Bool: out += v.as_bool() ? "True" : "False"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Float: out += format_float(v.as_float()); return;
    case Kind::String: append_string_repr(out, v.as_string()); return;
    case Kind::List: {
        const List& l = *v.as_list();
        out += l.is_tuple ? '(' : '[';
        for (std::size_t i = 0; i < l.items.size(); ++i) {
            if (i > 0) {
                out += ", ";
            }
            repr_at(l.items[i], out, depth + 1);
        }
        if (l.is_tuple && l.items.size() == 1) {
            out += ',';
        }
        out += l.is_tuple ? ')' : ']';
        return;
    }
    case Kind::Dict: {
        out += '{';
        bool first = true;
        for (const auto& [k, x] : v.as_dict()->items) {
            if (!first) {
                out += ", ";
            }
            first = false;
            repr_at(k, out, depth + 1);
            out += ": ";
            repr_at(x, out, depth + 1);
        }
        out += '}';
        return;
    }
    case Kind::Object: out += v.as_object()->str(); return;
    }
}
} // namespace

std::string Value::str() const {
    if (is_string()) {
        return as_string();
    }
    std::string out;
    append_str(out);
    return out;
}

std::string Value::repr() const {
    std::string out;
    append_repr(out);
    return out;
}

std::string Value::type_name() const {
    switch (kind()) {
    case Kind::Undefined: return "Undefined";
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::List: return as_list()->is_tuple ? "tuple" : "list";
    case Kind::Dict: return "dict";
    case Kind::Object: return std::string(as_object()->type_name());
    }
    return "object";
}

bool values_equal(const Value& a, const Value& b) {
    return equal_at(a, b, 0);
}

namespace {
bool equal_at(const Value& a, const Value& b, int depth) {
    if (depth > k_max_nesting) {
        return false;
    }
    if (a.is_number() && b.is_number()) {
        if (a.is_float() || b.is_float()) {
            return a.as_float() == b.as_float();
        }
        return a.as_int() == b.as_int();
    }
    if (a.kind() != b.kind()) {
        return false;
    }
    switch (a.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::None: return true;
    case Value::Kind::String: return a.as_string() == b.as_string();
    case Value::Kind::List: {
        if (a.as_list() == b.as_list()) {
            return true;
        }
        const auto& x = a.as_list()->items;
        const auto& y = b.as_list()->items;
        if (x.size() != y.size() || a.as_list()->is_tuple != b.as_list()->is_tuple) {
            return false;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!equal_at(x[i], y[i], depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case Value::Kind::Dict: {
        if (a.as_dict() == b.as_dict()) {
            return true;
        }
        const auto& x = a.as_dict()->items;
        const Dict& y = *b.as_dict();
        if (x.size() != y.items.size()) {
            return false;
        }
        for (const auto& [k, v] : x) {
            const Value* o = y.find(k);
            if (o == nullptr || !equal_at(v, *o, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    case Value::Kind::Object: return a.as_object() == b.as_object() || a.as_object()->equals(b);
    default: return false;
    }
}
} // namespace

static bool less_at(const Value& a, const Value& b, bool& ok, int depth);

bool value_less(const Value& a, const Value& b, bool& ok) {
    return less_at(a, b, ok, 0);
}

static bool less_at(const Value& a, const Value& b, bool& ok, int depth) {
    ok = true;
    if (depth > k_max_nesting) {
        ok = false;
        return false;
    }
    if (a.is_number() && b.is_number()) {
        if (a.is_float() || b.is_float()) {
            return a.as_float() < b.as_float();
        }
        return a.as_int() < b.as_int();
    }
    if (a.is_string() && b.is_string()) {
        return a.as_string() < b.as_string();
    }
    if (a.is_list() && b.is_list()) {
        const auto& x = a.as_list()->items;
        const auto& y = b.as_list()->items;
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (values_equal(x[i], y[i])) {
                continue;
            }
            return less_at(x[i], y[i], ok, depth + 1);
        }
        return x.size() < y.size();
    }
    if (a.is_object() && b.is_object()) {
        return a.as_object()->less(b, ok);
    }
    ok = false;
    return false;
}

namespace {

bool is_container(const Value& v) {
    return v.is_list() || v.is_dict() || v.is_object();
}

} // namespace

// Empties uniquely owned containers before they die, so nested destructors never recurse
// more than one level whatever the nesting depth.
void drain_values(std::vector<Value>& work) {
    while (!work.empty()) {
        Value v = std::move(work.back());
        work.pop_back();
        if (v.is_list() && v.as_list().use_count() == 1) {
            auto& items = v.as_list()->items;
            for (auto& x : items) {
                if (is_container(x)) {
                    work.push_back(std::move(x));
                }
            }
            items.clear();
        } else if (v.is_dict() && v.as_dict().use_count() == 1) {
            auto& items = v.as_dict()->items;
            for (auto& [k, x] : items) {
                if (is_container(x)) {
                    work.push_back(std::move(x));
                }
            }
            items.clear();
        } else if (v.is_object() && v.as_object().use_count() == 1) {
            v.as_object()->release(work);
        }
    }
}

List::~List() {
    std::vector<Value> work;
    for (auto& x : items) {
        if (is_container(x)) {
            work.push_back(std::move(x));
        }
    }
    items.clear();
    drain_values(work);
}

Dict::~Dict() {
    std::vector<Value> work;
    for (auto& [k, x] : items) {
        if (is_container(x)) {
            work.push_back(std::move(x));
        }
    }
    items.clear();
    drain_values(work);
}

Value* Dict::find(const Value& key) {
    for (auto& [k, v] : items) {
        if (values_equal(k, key)) {
            return &v;
        }
    }
    return nullptr;
}

const Value* Dict::find(const Value& key) const {
    return const_cast<Dict*>(this)->find(key);
}

const Value* Dict::find_str(std::string_view key) const {
    for (const auto& [k, v] : items) {
        if (k.is_string() && k.as_string() == key) {
            return &v;
        }
    }
    return nullptr;
}

void Dict::set(Value key, Value value) {
    if (Value* v = find(key)) {
        *v = std::move(value);
        return;
    }
    items.emplace_back(std::move(key), std::move(value));
}

bool Dict::erase(const Value& key) {
    for (auto it = items.begin(); it != items.end(); ++it) {
        if (values_equal(it->first, key)) {
            items.erase(it);
            return true;
        }
    }
    return false;
}

const Value* CallArgs::get(std::size_t index, std::string_view name) const {
    for (const auto& [k, v] : kw) {
        if (k == name) {
            return &v;
        }
    }
    if (index < pos.size()) {
        return &pos[index];
    }
    return nullptr;
}

Value Object::call(Interp&, CallArgs&) {
    return Value::undefined();
}
Value Object::get_attr(Interp&, std::string_view name) {
    return Value::undefined(std::string(name));
}
bool Object::set_attr(std::string_view, Value) {
    return false;
}
Value Object::get_item(Interp& in, const Value& key) {
    if (key.is_string()) {
        return get_attr(in, key.as_string());
    }
    return Value::undefined();
}
bool Object::iterate(std::vector<Value>&) const {
    return false;
}
Value Object::binary(Interp&, BinOp, const Value&, bool) {
    return Value::undefined();
}
bool Object::equals(const Value& other) const {
    return other.is_object() && other.as_object().get() == this;
}
bool Object::less(const Value&, bool& ok) const {
    ok = false;
    return false;
}
std::string Object::str() const {
    return "<" + std::string(type_name()) + " object>";
}

} // namespace dpipe::tmpl
