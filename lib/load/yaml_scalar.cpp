#include "load/yaml_scalar.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace dpipe::load {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view s, bool (*pred)(char)) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!pred(c)) {
            return false;
        }
    }
    return true;
}

bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool parse_null(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

bool parse_bool(std::string_view s, bool& out) {
    if (s == "true" || s == "True" || s == "TRUE") {
        out = true;
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        out = false;
        return true;
    }
    return false;
}

bool parse_int(std::string_view s, core::Json& out) {
    int base = 10;
    std::string_view digits = s;
    bool negative = false;
    if (s.size() > 2 && s[0] == '0' && s[1] == 'o') {
        base = 8;
        digits = s.substr(2);
        if (!all_of(digits, is_octal)) {
            return false;
        }
    } else if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
        base = 16;
        digits = s.substr(2);
        if (!all_of(digits, is_hex)) {
            return false;
        }
    } else {
        if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
            negative = digits[0] == '-';
            digits = digits.substr(1);
        }
        if (!all_of(digits, is_digit)) {
            return false;
        }
    }
    std::uint64_t u = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
    if (r.ec == std::errc()) {
        if (!negative) {
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                out = static_cast<std::int64_t>(u);
            } else {
                out = u;
            }
            return true;
        }
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
            out = u == 0 ? std::int64_t{0} : static_cast<std::int64_t>(0 - u);
            return true;
        }
    }
    // Out of 64-bit range: keep the magnitude as a float, like most YAML loaders.
    double d = 0;
    for (char c : digits) {
        int v = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
        d = d * base + v;
    }
    out = negative ? -d : d;
    return true;
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool parse_float(std::string_view s, core::Json& out) {
    std::string_view body = s;
    bool negative = false;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
        negative = body[0] == '-';
        body = body.substr(1);
    }
    if (body == ".inf" || body == ".Inf" || body == ".INF") {
        out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == ".nan" || s == ".NaN" || s == ".NAN") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    std::size_t i = 0;
    std::size_t int_digits = 0;
    while (i < body.size() && is_digit(body[i])) {
        ++i;
        ++int_digits;
    }
    std::size_t frac_digits = 0;
    if (i < body.size() && body[i] == '.') {
        ++i;
        while (i < body.size() && is_digit(body[i])) {
            ++i;
            ++frac_digits;
        }
    }
    if (int_digits == 0 && frac_digits == 0) {
        return false;
    }
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        ++i;
        if (i < body.size() && (body[i] == '-' || body[i] == '+')) {
            ++i;
        }
        std::size_t exp_digits = 0;
        while (i < body.size() && is_digit(body[i])) {
            ++i;
            ++exp_digits;
        }
        if (exp_digits == 0) {
            return false;
        }
    }
    if (i != body.size()) {
        return false;
    }
    std::string copy(s.front() == '+' ? s.substr(1) : s);
    char* end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    out = d;
    return true;
}

} // namespace

core::Json resolve_scalar(std::string_view tag, std::string_view value) {
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
        return std::string(value);
    }
    bool plain = tag == "?";
    core::Json out;
    bool b = false;
    if ((plain || tag == "tag:yaml.org,2002:null") && parse_null(value)) {
        return nullptr;
    }
    if ((plain || tag == "tag:yaml.org,2002:bool") && parse_bool(value, b)) {
        return b;
    }
    if ((plain || tag == "tag:yaml.org,2002:int") && parse_int(value, out)) {
        return out;
    }
    if ((plain || tag == "tag:yaml.org,2002:float") && (parse_float(value, out) || parse_int(value, out))) {
        return out;
    }
    return std::string(value);
}

} // namespace dpipe::load
