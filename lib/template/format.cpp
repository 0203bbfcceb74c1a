// Python string formatting: str.format() and the `%` operator, for the format specs
// templates use (fill, align, sign, width, precision, and the s/d/f/e/% types).

#include "template/interp.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdio>

namespace dpipe::tmpl {

namespace {

struct Spec {
    char fill = ' ';
    char align = 0;
    char sign = '-';
    bool zero = false;
    int width = 0;
    int precision = -1;
    char type = 0;
};

Spec parse_spec(Interp& in, std::string_view s) {
    Spec sp;
    std::size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    if (s.size() >= 2 && is_align(s[1])) {
        sp.fill = s[0];
        sp.align = s[1];
        i = 2;
    } else if (!s.empty() && is_align(s[0])) {
        sp.align = s[0];
        i = 1;
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) {
        sp.sign = s[i++];
    }
    if (i < s.size() && s[i] == '0') {
        sp.zero = true;
        ++i;
    }
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && sp.width < 100000) {
        sp.width = sp.width * 10 + (s[i++] - '0');
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        sp.precision = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && sp.precision < 1000) {
            sp.precision = sp.precision * 10 + (s[i++] - '0');
        }
    }
    if (i < s.size()) {
        sp.type = s[i++];
    }
    if (i != s.size()) {
        in.fail("TP002", "invalid format specifier '" + std::string(s) + "'");
    }
    return sp;
}

std::string apply_spec(Interp& in, const Value& v, const Spec& sp) {
    std::string body;
    bool numeric = v.is_number() && !v.is_bool();
    char t = sp.type;
    if (t == 'd' || t == 'i') {
        if (!v.is_number()) {
            in.fail("TP002", "unknown format code 'd' for object of type '" + v.type_name() + "'");
        }
        body = std::to_string(v.is_float() ? static_cast<std::int64_t>(v.as_float()) : v.as_int());
    } else if (t == 'f' || t == 'F' || t == 'e' || t == 'E' || t == 'g' || t == 'G' || t == '%') {
        if (!v.is_number()) {
            in.fail("TP002", std::string("unknown format code '") + t + "' for object of type '" + v.type_name() + "'");
        }
        double d = v.as_float() * (t == '%' ? 100.0 : 1.0);
        char fmt[16];
        char conv = t == '%' ? 'f' : t;
        std::snprintf(fmt, sizeof fmt, "%%.%d%c", sp.precision < 0 ? 6 : sp.precision, conv);
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt, d);
        body = buf;
        if (t == '%') {
            body += '%';
        }
        numeric = true;
    } else if (t == 'r') {
        body = v.repr();
    } else if (t == 0 || t == 's') {
        if (sp.precision >= 0 && v.is_float() && t == 0) {
            char buf[512];
            std::snprintf(buf, sizeof buf, "%.*g", sp.precision, v.as_float());
            body = buf;
        } else {
            body = v.str();
            if (sp.precision >= 0 && static_cast<std::size_t>(sp.precision) < body.size()) {
                body.resize(static_cast<std::size_t>(sp.precision));
            }
        }
    } else {
        in.fail("TP002", std::string("unknown format code '") + t + "'");
    }
    if (numeric && sp.sign != '-' && !body.empty() && body[0] != '-') {
        body.insert(body.begin(), sp.sign);
    }
    auto width = static_cast<std::size_t>(sp.width);
    if (body.size() >= width) {
        return body;
    }
    std::size_t n = width - body.size();
    char align = sp.align != 0 ? sp.align : (numeric ? '>' : '<');
    char fill = sp.fill;
    if (sp.zero && sp.align == 0) {
        align = '=';
        fill = '0';
    }
    if (align == '<') {
        return body + std::string(n, fill);
    }
    if (align == '^') {
        return std::string(n / 2, fill) + body + std::string(n - n / 2, fill);
    }
    if (align == '=' && !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) {
        return body.substr(0, 1) + std::string(n, fill) + body.substr(1);
    }
    return std::string(n, fill) + body;
}

std::string brace_format(Interp& in, std::string_view fmt, const CallArgs& args) {
    std::string out;
    std::size_t auto_index = 0;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                ++i;
                out += '}';
                continue;
            }
            in.fail("TP002", "single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            ++i;
            out += '{';
            continue;
        }
        std::size_t end = fmt.find('}', i);
        if (end == std::string_view::npos) {
            in.fail("TP002", "single '{' encountered in format string");
        }
        std::string_view field = fmt.substr(i + 1, end - i - 1);
        std::string_view spec;
        if (auto colon = field.find(':'); colon != std::string_view::npos) {
            spec = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        bool repr = false;
        if (field.size() >= 2 && field[field.size() - 2] == '!') {
            repr = field.back() == 'r';
            field.remove_suffix(2);
        }
        std::string_view key = field.substr(0, field.find_first_of(".["));
        std::string_view rest = field.substr(key.size());
        Value v;
        if (key.empty()) {
            if (auto_index >= args.pos.size()) {
                in.fail("TP002", "Replacement index " + std::to_string(auto_index) + " out of range for positional args tuple");
            }
            v = args.pos[auto_index++];
        } else if (std::isdigit(static_cast<unsigned char>(key[0]))) {
            std::size_t idx = 0;
            for (char d : key) {
                idx = idx * 10 + static_cast<std::size_t>(d - '0');
                if (idx > args.pos.size()) {
                    break;
                }
            }
            if (idx >= args.pos.size()) {
                in.fail("TP002", "Replacement index " + std::string(key) + " out of range for positional args tuple");
            }
            v = args.pos[idx];
        } else {
            const Value* kv = nullptr;
            for (const auto& [k, val] : args.kw) {
                if (k == key) {
                    kv = &val;
                }
            }
            if (kv == nullptr) {
                in.fail("TP002", "KeyError: '" + std::string(key) + "'");
            }
            v = *kv;
        }
        while (!rest.empty()) {
            if (rest[0] == '.') {
                std::size_t e = rest.find_first_of(".[", 1);
                v = in.get_attr(v, rest.substr(1, e == std::string_view::npos ? std::string_view::npos : e - 1));
                rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e);
            } else {
                std::size_t e = rest.find(']');
                if (e == std::string_view::npos) {
                    in.fail("TP002", "Missing ']' in format string");
                }
                std::string_view k = rest.substr(1, e - 1);
                bool digits = !k.empty() && std::all_of(k.begin(), k.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
                v = in.get_item(v, digits ? Value(static_cast<std::int64_t>(std::stoll(std::string(k.substr(0, 18))))) : Value(k));
                rest = rest.substr(e + 1);
            }
        }
        if (repr) {
            v = Value(v.repr());
        }
        out += apply_spec(in, v, parse_spec(in, spec));
        in.check_size(out.size());
        i = end;
    }
    return out;
}

std::string percent_format(Interp& in, std::string_view fmt, const CallArgs& args) {
    std::string out;
    std::size_t next = 0;
    const Value* mapping = args.pos.size() == 1 && args.pos[0].is_dict() ? &args.pos[0] : nullptr;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') {
            out += fmt[i];
            continue;
        }
        if (++i >= fmt.size()) {
            in.fail("TP002", "incomplete format");
        }
        if (fmt[i] == '%') {
            out += '%';
            continue;
        }
        Value v;
        bool have = false;
        if (fmt[i] == '(') {
            std::size_t e = fmt.find(')', i);
            if (e == std::string_view::npos || mapping == nullptr) {
                in.fail("TP002", "format requires a mapping");
            }
            const Value* found = mapping->as_dict()->find_str(fmt.substr(i + 1, e - i - 1));
            if (found == nullptr) {
                in.fail("TP002", "KeyError: '" + std::string(fmt.substr(i + 1, e - i - 1)) + "'");
            }
            v = *found;
            have = true;
            i = e + 1;
        }
        std::size_t spec_start = i;
        while (i < fmt.size() && std::strchr("-+ 0#.123456789", fmt[i]) != nullptr) {
            ++i;
        }
        if (i >= fmt.size()) {
            in.fail("TP002", "incomplete format");
        }
        std::string spec(fmt.substr(spec_start, i - spec_start));
        char type = fmt[i];
        if (!have) {
            if (next >= args.pos.size()) {
                in.fail("TP002", "not enough arguments for format string");
            }
            v = args.pos[next++];
        }
        Spec sp;
        std::size_t k = 0;
        if (k < spec.size() && spec[k] == '-') {
            sp.align = '<';
            ++k;
        }
        Spec parsed = parse_spec(in, spec.substr(k) + (type == 'r' ? 'r' : (type == 's' ? 's' : type)));
        if (sp.align != 0) {
            parsed.align = '<';
            parsed.zero = false;
        } else if (!parsed.zero) {
            parsed.align = '>';
        }
        out += apply_spec(in, v, parsed);
        in.check_size(out.size());
    }
    if (next < args.pos.size() && mapping == nullptr) {
        in.fail("TP002", "not all arguments converted during string formatting");
    }
    return out;
}

} // namespace

std::string python_format(Interp& in, std::string_view fmt, const CallArgs& args) {
    for (const auto& [k, v] : args.kw) {
        if (k == "%") {
            CallArgs plain;
            plain.pos = args.pos;
            return percent_format(in, fmt, plain);
        }
    }
    return brace_format(in, fmt, args);
}

} // namespace dpipe::tmpl
