#include "template/lexer.hpp"
#include "template/unicode_case.hpp"

#include <cstring>
#include <limits>

namespace dpipe::tmpl {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || is_digit(c);
}

std::string_view rstrip(std::string_view s) {
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::size_t skip_space(std::string_view s, std::size_t i) {
    while (i < s.size() && is_space(s[i])) {
        ++i;
    }
    return i;
}


int hex_value(char c) {
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Python's unicode-escape decoding; unknown escapes keep their backslash like Python does.
std::string unescape(std::string_view body) {
    std::string out;
    out.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++i];
        switch (e) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x':
        case 'u':
        case 'U': {
            std::size_t n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
            std::uint32_t cp = 0;
            bool ok = i + n < body.size();
            for (std::size_t k = 1; ok && k <= n; ++k) {
                int h = hex_value(body[i + k]);
                if (h < 0) {
                    ok = false;
                } else {
                    cp = cp * 16 + static_cast<std::uint32_t>(h);
                }
            }
            if (!ok || cp > 0x10FFFF) {
                throw SyntaxError{0, "invalid \\" + std::string(1, e) + " escape in string literal"};
            }
            append_utf8(out, cp);
            i += n;
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                std::uint32_t cp = 0;
                std::size_t k = 0;
                while (k < 3 && i + k < body.size() && body[i + k] >= '0' && body[i + k] <= '7') {
                    cp = cp * 8 + static_cast<std::uint32_t>(body[i + k] - '0');
                    ++k;
                }
                append_utf8(out, cp);
                i += k - 1;
            } else {
                out += '\\';
                out += e;
            }
        }
    }
    return out;
}

class Lexer {
public:
    explicit Lexer(std::string_view src) : m_src(src) {}

    std::vector<Token> run() {
        // A UTF-8 byte order mark is not text of the template (editors on Windows add one).
        std::size_t pos = m_src.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        bool lstrip_next = false;
        while (pos < m_src.size()) {
            std::size_t open = find_open(pos);
            std::string_view data = m_src.substr(pos, (open == std::string_view::npos ? m_src.size() : open) - pos);
            if (lstrip_next) {
                std::size_t k = 0;
                while (k < data.size() && is_space(data[k])) {
                    ++k;
                }
                pos += k;
                data.remove_prefix(k);
                lstrip_next = false;
            }
            if (open == std::string_view::npos) {
                push_data(pos, data);
                break;
            }
            char kind = m_src[open + 1];
            bool strip_before = open + 2 < m_src.size() && m_src[open + 2] == '-';
            push_data(pos, strip_before ? rstrip(data) : data);
            std::size_t body = open + 2 + ((strip_before || (open + 2 < m_src.size() && m_src[open + 2] == '+')) ? 1 : 0);
            if (kind == '#') {
                std::size_t end = m_src.find("#}", body);
                if (end == std::string_view::npos) {
                    throw SyntaxError{static_cast<std::uint32_t>(open), "missing end of comment tag"};
                }
                lstrip_next = end > body && m_src[end - 1] == '-';
                pos = end + 2;
                continue;
            }
            if (kind == '%' && try_raw(open, body, pos, lstrip_next)) {
                continue;
            }
            bool block = kind == '%';
            push(block ? Tok::BlockBegin : Tok::VarBegin, open, m_src.substr(open, 2));
            pos = lex_tag(body, block, lstrip_next);
        }
        push(Tok::Eof, static_cast<std::uint32_t>(m_src.size()), {});
        return std::move(m_tokens);
    }

private:
    std::size_t find_open(std::size_t from) const {
        for (;;) {
            std::size_t p = m_src.find('{', from);
            if (p == std::string_view::npos || p + 1 >= m_src.size()) {
                return std::string_view::npos;
            }
            char n = m_src[p + 1];
            if (n == '{' || n == '%' || n == '#') {
                return p;
            }
            from = p + 1;
        }
    }

    void push_data(std::size_t pos, std::string_view data) {
        if (!data.empty()) {
            push(Tok::Data, pos, data);
        }
    }

    Token& push(Tok t, std::size_t pos, std::string_view text) {
        Token tok;
        tok.type = t;
        tok.pos = static_cast<std::uint32_t>(pos);
        tok.text = text;
        m_tokens.push_back(std::move(tok));
        return m_tokens.back();
    }

    // Matches `{% raw %}` at `open`; on success emits the verbatim body and advances `pos`.
    bool try_raw(std::size_t open, std::size_t body, std::size_t& pos, bool& lstrip_next) {
        std::size_t i = skip_space(m_src, body);
        if (m_src.compare(i, 3, "raw") != 0 || (i + 3 < m_src.size() && is_name_char(m_src[i + 3]))) {
            return false;
        }
        i = skip_space(m_src, i + 3);
        bool strip_after = false;
        if (m_src.compare(i, 3, "-%}") == 0) {
            strip_after = true;
            i += 3;
        } else if (m_src.compare(i, 2, "%}") == 0) {
            i += 2;
        } else {
            return false;
        }
        if (strip_after) {
            i = skip_space(m_src, i);
        }
        std::size_t search = i;
        for (;;) {
            std::size_t p = m_src.find("{%", search);
            if (p == std::string_view::npos) {
                throw SyntaxError{static_cast<std::uint32_t>(open), "missing end of raw directive"};
            }
            std::size_t j = p + 2;
            bool strip_before = j < m_src.size() && m_src[j] == '-';
            if (strip_before || (j < m_src.size() && m_src[j] == '+')) {
                ++j;
            }
            j = skip_space(m_src, j);
            if (m_src.compare(j, 6, "endraw") == 0) {
                j = skip_space(m_src, j + 6);
                bool strip_end = m_src.compare(j, 3, "-%}") == 0;
                if (strip_end || m_src.compare(j, 2, "%}") == 0) {
                    std::string_view text = m_src.substr(i, p - i);
                    push_data(i, strip_before ? rstrip(text) : text);
                    pos = j + (strip_end ? 3 : 2);
                    lstrip_next = strip_end;
                    return true;
                }
            }
            search = p + 2;
        }
    }

    // Lexes expression tokens from `i` up to the closing `%}`/`}}`; returns the position after it.
    std::size_t lex_tag(std::size_t i, bool block, bool& lstrip_next) {
        std::vector<char> stack;
        const char close = block ? '%' : '}';
        for (;;) {
            i = skip_space(m_src, i);
            if (i >= m_src.size()) {
                return i; // the parser reports the missing end
            }
            char c = m_src[i];
            if (stack.empty()) {
                if (c == '-' && i + 2 < m_src.size() && m_src[i + 1] == close && m_src[i + 2] == '}') {
                    push(block ? Tok::BlockEnd : Tok::VarEnd, i, m_src.substr(i, 3));
                    lstrip_next = true;
                    return i + 3;
                }
                if (c == close && i + 1 < m_src.size() && m_src[i + 1] == '}') {
                    push(block ? Tok::BlockEnd : Tok::VarEnd, i, m_src.substr(i, 2));
                    return i + 2;
                }
            }
            if (is_name_start(c)) {
                std::size_t s = i;
                while (i < m_src.size() && is_name_char(m_src[i])) {
                    ++i;
                }
                push(Tok::Name, s, m_src.substr(s, i - s));
                continue;
            }
            if (is_digit(c)) {
                i = lex_number(i);
                continue;
            }
            if (c == '\'' || c == '"') {
                i = lex_string(i);
                continue;
            }
            static const char* const two[] = {"//", "**", "==", "!=", ">=", "<="};
            bool matched = false;
            for (const char* op : two) {
                if (m_src.compare(i, 2, op) == 0) {
                    push(Tok::Op, i, m_src.substr(i, 2));
                    i += 2;
                    matched = true;
                    break;
                }
            }
            if (matched) {
                continue;
            }
            if (std::strchr("+-/*%~[](){}<>=.:|,;", c) == nullptr) {
                throw SyntaxError{static_cast<std::uint32_t>(i), std::string("unexpected char '") + c + "'"};
            }
            if (c == '(' || c == '[' || c == '{') {
                if (stack.size() >= 1024) {
                    throw SyntaxError{static_cast<std::uint32_t>(i), "brackets nested too deeply"};
                }
                stack.push_back(c == '(' ? ')' : (c == '[' ? ']' : '}'));
            } else if (c == ')' || c == ']' || c == '}') {
                if (stack.empty()) {
                    throw SyntaxError{static_cast<std::uint32_t>(i), std::string("unexpected '") + c + "'"};
                }
                if (stack.back() != c) {
                    throw SyntaxError{static_cast<std::uint32_t>(i), std::string("unexpected '") + c +
                                                                          "', expected '" + stack.back() + "'"};
                }
                stack.pop_back();
            }
            push(Tok::Op, i, m_src.substr(i, 1));
            ++i;
        }
    }

    std::size_t lex_number(std::size_t i) {
        std::size_t s = i;
        auto digits = [&](std::size_t j) {
            while (j < m_src.size() && (is_digit(m_src[j]) || (m_src[j] == '_' && j + 1 < m_src.size() && is_digit(m_src[j + 1])))) {
                ++j;
            }
            return j;
        };
        i = digits(i);
        bool is_float = false;
        bool after_dot = s > 0 && m_src[s - 1] == '.';
        if (!after_dot && i + 1 < m_src.size() && m_src[i] == '.' && is_digit(m_src[i + 1])) {
            i = digits(i + 1);
            is_float = true;
        }
        if (!after_dot && i < m_src.size() && (m_src[i] == 'e' || m_src[i] == 'E')) {
            std::size_t j = i + 1;
            if (j < m_src.size() && (m_src[j] == '+' || m_src[j] == '-')) {
                ++j;
            }
            if (j < m_src.size() && is_digit(m_src[j])) {
                i = digits(j);
                is_float = true;
            }
        }
        std::string clean;
        for (std::size_t k = s; k < i; ++k) {
            if (m_src[k] != '_') {
                clean += m_src[k];
            }
        }
        Token& t = push(is_float ? Tok::Float : Tok::Int, s, m_src.substr(s, i - s));
        if (is_float) {
            t.fval = std::strtod(clean.c_str(), nullptr);
        } else {
            std::int64_t v = 0;
            for (char d : clean) {
                if (v > (std::numeric_limits<std::int64_t>::max() - (d - '0')) / 10) {
                    t.int_overflow = true;
                    break;
                }
                v = v * 10 + (d - '0');
            }
            t.ival = v;
        }
        return i;
    }

    std::size_t lex_string(std::size_t i) {
        char q = m_src[i];
        std::size_t j = i + 1;
        while (j < m_src.size() && m_src[j] != q) {
            if (m_src[j] == '\\') {
                ++j;
            }
            ++j;
        }
        if (j >= m_src.size()) {
            throw SyntaxError{static_cast<std::uint32_t>(i), "unterminated string literal"};
        }
        Token& t = push(Tok::String, i, m_src.substr(i, j + 1 - i));
        try {
            t.str = unescape(m_src.substr(i + 1, j - i - 1));
        } catch (SyntaxError& e) {
            e.pos = static_cast<std::uint32_t>(i);
            throw;
        }
        return j + 1;
    }

    std::string_view m_src;
    std::vector<Token> m_tokens;
};

} // namespace

std::string normalize_source(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t cr = text.find('\r', i);
        if (cr == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, cr - i));
        out += '\n';
        i = cr + 1 < text.size() && text[cr + 1] == '\n' ? cr + 2 : cr + 1;
    }
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

std::vector<Token> tokenize(std::string_view src) {
    return Lexer(src).run();
}

} // namespace dpipe::tmpl
