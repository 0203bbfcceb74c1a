// JSON in and out. Output follows Python's json.dumps (", " and ": " separators,
// ensure_ascii, optional sort_keys and indent) so tojson renders like jinja2 and dbt.

#include "template/json_convert.hpp"

#include "template/interp.hpp"

#include <algorithm>
#include <cstdio>

namespace dpipe::tmpl {

Value from_json(const core::Json& j) {
    switch (j.type()) {
    case core::Json::value_t::null: return Value::none();
    case core::Json::value_t::boolean: return Value(j.get<bool>());
    case core::Json::value_t::number_integer: return Value(j.get<std::int64_t>());
    case core::Json::value_t::number_unsigned: {
        auto u = j.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return Value(static_cast<double>(u));
        }
        return Value(static_cast<std::int64_t>(u));
    }
    case core::Json::value_t::number_float: return Value(j.get<double>());
    case core::Json::value_t::string: return Value(j.get<std::string>());
    case core::Json::value_t::array: {
        std::vector<Value> items;
        items.reserve(j.size());
        for (const auto& x : j) {
            items.push_back(from_json(x));
        }
        return Value::list(std::move(items));
    }
    case core::Json::value_t::object: {
        auto d = std::make_shared<Dict>();
        d->items.reserve(j.size());
        for (auto it = j.begin(); it != j.end(); ++it) {
            d->items.emplace_back(Value(it.key()), from_json(it.value()));
        }
        return Value(std::move(d));
    }
    default: return Value::none();
    }
}

static bool to_json_at(const Value& v, core::Json& out, int depth);

bool to_json_value(const Value& v, core::Json& out) {
    return to_json_at(v, out, 0);
}

static bool to_json_at(const Value& v, core::Json& out, int depth) {
    if (depth > 200) {
        return false;
    }
    switch (v.kind()) {
    case Value::Kind::None: out = nullptr; return true;
    case Value::Kind::Bool: out = v.as_bool(); return true;
    case Value::Kind::Int: out = v.as_int(); return true;
    case Value::Kind::Float: out = v.as_float(); return true;
    case Value::Kind::String: out = v.as_string(); return true;
    case Value::Kind::List: {
        out = core::Json::array();
        for (const auto& x : v.as_list()->items) {
            core::Json e;
            if (!to_json_at(x, e, depth + 1)) {
                return false;
            }
            out.push_back(std::move(e));
        }
        return true;
    }
    case Value::Kind::Dict: {
        out = core::Json::object();
        for (const auto& [k, x] : v.as_dict()->items) {
            core::Json e;
            if (!to_json_at(x, e, depth + 1)) {
                return false;
            }
            out[k.is_string() ? k.as_string() : k.str()] = std::move(e);
        }
        return true;
    }
    default: return false;
    }
}

namespace {

void json_string(std::string& out, const std::string& s, bool html_safe) {
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        char buf[16];
        if (c == '"') {
            out += "\\\"";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\b') {
            out += "\\b";
        } else if (c == '\f') {
            out += "\\f";
        } else if (c < 0x20 || (html_safe && (c == '<' || c == '>' || c == '&' || c == '\''))) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            // ensure_ascii: decode UTF-8 and write \uXXXX (surrogate pairs above the BMP).
            std::uint32_t cp = 0;
            std::size_t len = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : (c >= 0xC0 ? 2 : 1));
            if (len == 1 || i + len > s.size()) {
                std::snprintf(buf, sizeof buf, "\\u%04x", 0xFFFD);
                out += buf;
                continue;
            }
            cp = c & (0xFF >> (len + 1));
            for (std::size_t k = 1; k < len; ++k) {
                cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            }
            i += len - 1;
            if (cp >= 0x10000) {
                cp -= 0x10000;
                std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else {
                std::snprintf(buf, sizeof buf, "\\u%04x", cp);
            }
            out += buf;
        }
    }
    out += '"';
}

void dump(Interp& in, const Value& v, const JsonOptions& o, int level, std::string& out) {
    in.check_size(out.size());
    if (level > 200) {
        in.fail("TP003", "value nested too deeply for JSON (limit 200)");
    }
    auto newline = [&](int lvl) {
        if (o.indent >= 0) {
            out += '\n';
            out.append(static_cast<std::size_t>(o.indent * lvl), ' ');
        }
    };
    const char* item_sep = o.indent >= 0 ? "," : ", ";
    switch (v.kind()) {
    case Value::Kind::None: out += "null"; return;
    case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::Int: out += std::to_string(v.as_int()); return;
    case Value::Kind::Float: {
        double d = v.as_float();
        if (std::isnan(d)) {
            out += "NaN";
        } else if (std::isinf(d)) {
            out += d > 0 ? "Infinity" : "-Infinity";
        } else {
            out += format_float(d);
        }
        return;
    }
    case Value::Kind::String: json_string(out, v.as_string(), o.html_safe); return;
    case Value::Kind::List: {
        const auto& items = v.as_list()->items;
        if (items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) {
                out += item_sep;
            }
            newline(level + 1);
            dump(in, items[i], o, level + 1, out);
        }
        newline(level);
        out += ']';
        return;
    }
    case Value::Kind::Dict: {
        std::vector<const std::pair<Value, Value>*> items;
        for (const auto& p : v.as_dict()->items) {
            items.push_back(&p);
        }
        if (items.empty()) {
            out += "{}";
            return;
        }
        if (o.sort_keys) {
            std::stable_sort(items.begin(), items.end(), [](const auto* a, const auto* b) {
                bool ok = true;
                return value_less(a->first, b->first, ok);
            });
        }
        out += '{';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) {
                out += item_sep;
            }
            newline(level + 1);
            const Value& k = items[i]->first;
            std::string key;
            if (k.is_string()) {
                key = k.as_string();
            } else if (k.is_bool()) {
                key = k.as_bool() ? "true" : "false";
            } else if (k.is_none()) {
                key = "null";
            } else if (k.is_number()) {
                key = k.str();
            } else {
                in.fail("TP002", "keys must be str, int, float, bool or None, not " + k.type_name());
            }
            json_string(out, key, o.html_safe);
            out += ": ";
            dump(in, items[i]->second, o, level + 1, out);
        }
        newline(level);
        out += '}';
        return;
    }
    default: in.fail("TP002", "Object of type " + v.type_name() + " is not JSON serializable");
    }
}

} // namespace

std::string to_json(Interp& in, const Value& v, const JsonOptions& opts) {
    std::string out;
    dump(in, v, opts, 0, out);
    in.charge(out.size());
    return out;
}

} // namespace dpipe::tmpl
