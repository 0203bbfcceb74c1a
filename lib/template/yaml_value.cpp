// dbt's fromyaml() and toyaml() for what templates hold: block and flow mappings and
// sequences, plain and quoted scalars, comments. Anchors, tags and multi-line scalars are
// not read (fromyaml gives its default, like a YAML error in dbt).

#include "template/dbt_context.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace dpipe::tmpl {

namespace {

struct YamlError {};

class Reader {
public:
    explicit Reader(std::string_view text) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            std::string_view body = strip_comment(line);
            std::size_t indent = body.find_first_not_of(' ');
            if (indent != std::string_view::npos && body.substr(indent) != "---") {
                m_lines.push_back({static_cast<int>(indent), std::string(rtrim(body.substr(indent)))});
            }
            if (end == std::string_view::npos) {
                break;
            }
            start = end + 1;
        }
    }

    Value document() {
        if (m_lines.empty()) {
            return Value::none();
        }
        Value v = block(m_lines[0].indent, 0);
        if (m_i != m_lines.size()) {
            throw YamlError{};
        }
        return v;
    }

private:
    struct Line {
        int indent;
        std::string text;
    };

    static std::string_view rtrim(std::string_view s) {
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
        }
        return s;
    }
    static std::string_view strip_comment(std::string_view s) {
        char quote = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || s[i - 1] == ' ')) {
                return s.substr(0, i);
            }
        }
        return s;
    }
    // The position of the `: ` (or final `:`) of a mapping key outside quotes and brackets.
    static std::size_t key_colon(std::string_view s) {
        char quote = 0;
        int depth = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                ++depth;
            } else if (c == ']' || c == '}') {
                --depth;
            } else if (c == ':' && depth == 0 && (i + 1 == s.size() || s[i + 1] == ' ')) {
                return i;
            }
        }
        return std::string_view::npos;
    }

    Value block(int indent, int depth) {
        if (depth > 64) {
            throw YamlError{};
        }
        const Line& first = m_lines[m_i];
        if (first.text == "-" || first.text.rfind("- ", 0) == 0) {
            std::vector<Value> items;
            while (m_i < m_lines.size() && m_lines[m_i].indent == indent &&
                   (m_lines[m_i].text == "-" || m_lines[m_i].text.rfind("- ", 0) == 0)) {
                std::string rest = m_lines[m_i].text.size() > 2 ? m_lines[m_i].text.substr(2) : std::string();
                std::size_t lead = rest.find_first_not_of(' ');
                if (rest.empty() || lead == std::string::npos) {
                    ++m_i;
                    items.push_back(nested(indent, depth));
                } else {
                    // "- key: v" starts a mapping whose keys sit at indent + 2.
                    m_lines[m_i].indent = indent + 2 + static_cast<int>(lead);
                    m_lines[m_i].text = rest.substr(lead);
                    items.push_back(block(m_lines[m_i].indent, depth + 1));
                }
            }
            return Value::list(std::move(items));
        }
        if (key_colon(first.text) == std::string::npos) {
            ++m_i;
            return scalar_or_flow(first.text, depth);
        }
        auto d = std::make_shared<Dict>();
        while (m_i < m_lines.size() && m_lines[m_i].indent == indent) {
            const std::string& t = m_lines[m_i].text;
            std::size_t colon = key_colon(t);
            if (colon == std::string::npos) {
                throw YamlError{};
            }
            Value key = scalar(std::string_view(t).substr(0, colon));
            std::string rest(rtrim(std::string_view(t).substr(colon + 1)));
            std::size_t lead = rest.find_first_not_of(' ');
            ++m_i;
            if (lead == std::string::npos) {
                d->set(std::move(key), nested(indent, depth));
            } else {
                d->set(std::move(key), scalar_or_flow(rest.substr(lead), depth));
            }
        }
        if (m_i < m_lines.size() && m_lines[m_i].indent > indent) {
            throw YamlError{};
        }
        return Value(std::move(d));
    }

    // The value under a key or dash with nothing after it: a deeper block, a same-indent
    // sequence under a key, or null.
    Value nested(int indent, int depth) {
        if (m_i < m_lines.size() && (m_lines[m_i].indent > indent ||
                                     (m_lines[m_i].indent == indent && m_lines[m_i].text.rfind("- ", 0) == 0 &&
                                      m_i > 0 && m_lines[m_i - 1].text.rfind("- ", 0) != 0))) {
            return block(m_lines[m_i].indent, depth + 1);
        }
        return Value::none();
    }

    Value scalar_or_flow(std::string_view s, int depth) {
        if (!s.empty() && (s[0] == '[' || s[0] == '{')) {
            std::size_t i = 0;
            Value v = flow(s, i, depth);
            skip_spaces(s, i);
            if (i != s.size()) {
                throw YamlError{};
            }
            return v;
        }
        if (s == "|" || s == ">" || s == "|-" || s == ">-" || (!s.empty() && (s[0] == '&' || s[0] == '*' || s[0] == '!'))) {
            throw YamlError{};
        }
        return scalar(s);
    }

    static void skip_spaces(std::string_view s, std::size_t& i) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
            ++i;
        }
    }

    Value flow(std::string_view s, std::size_t& i, int depth) {
        if (depth > 64) {
            throw YamlError{};
        }
        skip_spaces(s, i);
        if (i >= s.size()) {
            throw YamlError{};
        }
        if (s[i] == '[' || s[i] == '{') {
            bool map = s[i] == '{';
            char close = map ? '}' : ']';
            ++i;
            std::vector<Value> items;
            auto d = std::make_shared<Dict>();
            skip_spaces(s, i);
            while (i < s.size() && s[i] != close) {
                Value k = flow(s, i, depth + 1);
                skip_spaces(s, i);
                if (map) {
                    if (i >= s.size() || s[i] != ':') {
                        throw YamlError{};
                    }
                    ++i;
                    d->set(std::move(k), flow(s, i, depth + 1));
                } else {
                    items.push_back(std::move(k));
                }
                skip_spaces(s, i);
                if (i < s.size() && s[i] == ',') {
                    ++i;
                    skip_spaces(s, i);
                }
            }
            if (i >= s.size()) {
                throw YamlError{};
            }
            ++i;
            return map ? Value(std::move(d)) : Value::list(std::move(items));
        }
        std::size_t start = i;
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];
            while (i < s.size() && s[i] != q) {
                i += s[i] == '\\' && q == '"' ? 2 : 1;
            }
            ++i;
        } else {
            while (i < s.size() && s[i] != ',' && s[i] != ']' && s[i] != '}' && !(s[i] == ':' && (i + 1 >= s.size() || s[i + 1] == ' '))) {
                ++i;
            }
        }
        return scalar(rtrim(s.substr(start, i - start)));
    }

    static Value scalar(std::string_view s) {
        if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
            std::string out;
            for (std::size_t i = 1; i + 1 < s.size(); ++i) {
                out += s[i];
                if (s[i] == '\'' && s[i + 1] == '\'') {
                    ++i;
                }
            }
            return Value(std::move(out));
        }
        if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
            std::string out;
            for (std::size_t i = 1; i + 1 < s.size(); ++i) {
                if (s[i] == '\\' && i + 2 < s.size()) {
                    char n = s[++i];
                    out += n == 'n' ? '\n' : (n == 't' ? '\t' : n);
                } else {
                    out += s[i];
                }
            }
            return Value(std::move(out));
        }
        if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
            return Value::none();
        }
        if (s == "true" || s == "True" || s == "TRUE") {
            return Value(true);
        }
        if (s == "false" || s == "False" || s == "FALSE") {
            return Value(false);
        }
        std::string str(s);
        char* end = nullptr;
        long long i = std::strtoll(str.c_str(), &end, 10);
        if (end == str.c_str() + str.size() && (std::isdigit(static_cast<unsigned char>(str.back())) != 0)) {
            return Value(static_cast<std::int64_t>(i));
        }
        double d = std::strtod(str.c_str(), &end);
        if (end == str.c_str() + str.size() && str.find_first_of("0123456789") != std::string::npos &&
            str.find_first_of("xXnN") == std::string::npos) {
            return Value(d);
        }
        return Value(std::move(str));
    }

    std::vector<Line> m_lines;
    std::size_t m_i = 0;
};

// A plain scalar YAML reads back as the same string; else single-quoted.
std::string yaml_string(const std::string& s) {
    bool plain = !s.empty() && s.find_first_of(":#{}[],&*!|>'\"%@`\n") == std::string::npos && s.front() != ' ' &&
                 s.back() != ' ' && s.front() != '-' && s.front() != '?';
    if (plain) {
        Value back = Reader(s).document();
        plain = back.is_string() && back.as_string() == s;
    }
    if (plain) {
        return s;
    }
    std::string out = "'";
    for (char c : s) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

void emit(Interp& in, const Value& v, int indent, bool sort_keys, std::string& out, int depth) {
    if (depth > 64) {
        in.fail("TP003", "toyaml: value nested too deeply");
    }
    std::string pad(static_cast<std::size_t>(indent), ' ');
    if (v.is_dict()) {
        auto items = v.as_dict()->items;
        if (items.empty()) {
            out += "{}\n";
            return;
        }
        if (sort_keys) {
            std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
                bool ok = true;
                return value_less(a.first, b.first, ok);
            });
        }
        for (const auto& [k, x] : items) {
            out += pad + (k.is_string() ? yaml_string(k.as_string()) : k.str()) + ":";
            if ((x.is_dict() && !x.as_dict()->items.empty()) || (x.is_list() && !x.as_list()->items.empty())) {
                out += "\n";
                emit(in, x, x.is_dict() ? indent + 2 : indent, sort_keys, out, depth + 1);
            } else {
                out += " ";
                emit(in, x, 0, sort_keys, out, depth + 1);
            }
        }
        return;
    }
    if (v.is_list()) {
        if (v.as_list()->items.empty()) {
            out += "[]\n";
            return;
        }
        for (const auto& x : v.as_list()->items) {
            out += pad + "-";
            if ((x.is_dict() && !x.as_dict()->items.empty()) || (x.is_list() && !x.as_list()->items.empty())) {
                std::string inner;
                emit(in, x, indent + 2, sort_keys, inner, depth + 1);
                out += " " + inner.substr(static_cast<std::size_t>(indent + 2));
            } else {
                out += " ";
                emit(in, x, 0, sort_keys, out, depth + 1);
            }
        }
        return;
    }
    if (v.is_none() || v.is_undefined()) {
        out += "null\n";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "true\n" : "false\n";
    } else if (v.is_string()) {
        out += yaml_string(v.as_string()) + "\n";
    } else {
        out += v.str() + "\n";
    }
}

} // namespace

Value fromyaml_value(std::string_view text, const Value& fallback) {
    try {
        return Reader(text).document();
    } catch (const YamlError&) {
        return fallback;
    }
}

std::string toyaml_text(Interp& in, const Value& v, bool sort_keys) {
    std::string out;
    emit(in, v, 0, sort_keys, out, 0);
    return out;
}

} // namespace dpipe::tmpl
