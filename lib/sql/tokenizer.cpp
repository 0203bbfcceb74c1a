#include "sql/tokenizer.hpp"

#include <array>
#include <cctype>
#include <cstring>

namespace dpipe::sql {

namespace {

enum CharClass : std::uint8_t {
    k_space = 1,
    k_ident_start = 2,
    k_ident_part = 4,
    k_digit = 8,
    k_op = 16,
};

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> t{};
    for (int c : {' ', '\t', '\n', '\r', '\f', '\v'}) {
        t[static_cast<unsigned>(c)] = k_space;
    }
    for (int c = 'a'; c <= 'z'; ++c) {
        t[static_cast<unsigned>(c)] = k_ident_start | k_ident_part;
        t[static_cast<unsigned>(c - 'a' + 'A')] = k_ident_start | k_ident_part;
    }
    t[static_cast<unsigned>('_')] = k_ident_start | k_ident_part;
    for (int c = '0'; c <= '9'; ++c) {
        t[static_cast<unsigned>(c)] = k_digit | k_ident_part;
    }
    t[static_cast<unsigned>('$')] = k_ident_part;
    // Bytes of multi-byte UTF-8 sequences are identifier characters.
    for (int c = 0x80; c < 0x100; ++c) {
        t[static_cast<unsigned>(c)] = k_ident_start | k_ident_part;
    }
    for (int c : {'+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?'}) {
        t[static_cast<unsigned>(c)] = k_op;
    }
    return t;
}

constexpr std::array<std::uint8_t, 256> k_classes = make_classes();

inline std::uint8_t cls(char c) {
    return k_classes[static_cast<unsigned char>(c)];
}


const char* k_msg_unterminated_string = "unterminated string literal";
const char* k_msg_unterminated_ident = "unterminated quoted identifier";
const char* k_msg_unterminated_comment = "unterminated block comment";
const char* k_msg_bad_char = "unexpected character";

} // namespace

const char* token_kind_name(TokenKind k) {
    switch (k) {
    case TokenKind::Word: return "word";
    case TokenKind::QuotedIdent: return "quoted identifier";
    case TokenKind::String: return "string";
    case TokenKind::Number: return "number";
    case TokenKind::Param: return "parameter";
    case TokenKind::Operator: return "operator";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::LBracket: return "'['";
    case TokenKind::RBracket: return "']'";
    case TokenKind::LBrace: return "'{'";
    case TokenKind::RBrace: return "'}'";
    case TokenKind::Comma: return "','";
    case TokenKind::Dot: return "'.'";
    case TokenKind::Semicolon: return "';'";
    case TokenKind::Colon: return "':'";
    case TokenKind::Error: return "invalid token";
    case TokenKind::End: return "end of input";
    case TokenKind::Whitespace: return "whitespace";
    case TokenKind::LineComment:
    case TokenKind::BlockComment: return "comment";
    }
    return "token";
}

Tokenizer::Tokenizer(std::string_view source, Dialect dialect)
    : m_src(source), m_traits(&traits(dialect)) {
    // A UTF-8 byte order mark (a model file saved with one) is not part of the SQL.
    if (m_src.starts_with("\xEF\xBB\xBF")) {
        m_pos = 3;
    }
}

const char* Tokenizer::error_message(const Token& t) {
    if (t.text.empty()) {
        return k_msg_bad_char;
    }
    switch (t.text[0]) {
    case '\'':
    case '$':
    case 'e':
    case 'E':
    case 'r':
    case 'R':
    case 'b':
    case 'B':
    case 'x':
    case 'X':
    case 'n':
    case 'N':
    case 'u':
    case 'U': return k_msg_unterminated_string;
    case '"': return k_msg_unterminated_ident;
    case '`':
    case '[': return k_msg_unterminated_ident;
    case '/': return k_msg_unterminated_comment;
    default: return k_msg_bad_char;
    }
}

Token Tokenizer::make(TokenKind kind, std::size_t begin) const {
    return Token{std::string_view(m_src.data() + begin, m_pos - begin), static_cast<std::uint32_t>(begin), kind};
}

// Returns false when an unterminated block comment swallowed the rest of the input; the caller
// reports it as an Error token.
bool Tokenizer::skip_space_and_comments() {
    const std::size_t n = m_src.size();
    while (m_pos < n) {
        char c = m_src[m_pos];
        if (cls(c) & k_space) {
            ++m_pos;
            continue;
        }
        if (c != '-' && c != '/' && c != '#') {
            return true;
        }
        char d = m_pos + 1 < n ? m_src[m_pos + 1] : '\0';
        bool line_comment = (c == '-' && d == '-') || (c == '#' && m_traits->hash_comments) ||
                            (c == '/' && d == '/' && m_traits->slash_comments);
        if (line_comment) {
            const void* nl = std::memchr(m_src.data() + m_pos, '\n', n - m_pos);
            m_pos = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - m_src.data()) + 1 : n;
            continue;
        }
        if (c == '/' && d == '*') {
            std::size_t start = m_pos;
            int depth = 1;
            m_pos += 2;
            while (m_pos < n && depth > 0) {
                if (m_src[m_pos] == '*' && m_pos + 1 < n && m_src[m_pos + 1] == '/') {
                    --depth;
                    m_pos += 2;
                } else if (m_traits->nested_comments && m_src[m_pos] == '/' && m_pos + 1 < n &&
                           m_src[m_pos + 1] == '*') {
                    ++depth;
                    m_pos += 2;
                } else {
                    ++m_pos;
                }
            }
            if (depth > 0) {
                m_pos = start;
                return false;
            }
            continue;
        }
        break;
    }
    return true;
}

Token Tokenizer::scan_quoted(std::size_t begin, std::size_t body, char close, TokenKind kind,
                             bool backslash) {
    const std::size_t n = m_src.size();
    std::size_t p = body;
    while (p < n) {
        const void* hit = std::memchr(m_src.data() + p, close, n - p);
        std::size_t q = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - m_src.data()) : n;
        if (backslash) {
            // Find the first backslash before the closing quote; skip the escaped byte.
            const void* bs = std::memchr(m_src.data() + p, '\\', q - p);
            if (bs) {
                p = static_cast<std::size_t>(static_cast<const char*>(bs) - m_src.data()) + 2;
                continue;
            }
        }
        if (q >= n) {
            break;
        }
        // A doubled closing quote is an escaped quote (not for bracket identifiers).
        if (close != ']' && q + 1 < n && m_src[q + 1] == close) {
            p = q + 2;
            continue;
        }
        m_pos = q + 1;
        return make(kind, begin);
    }
    m_pos = n;
    return make(TokenKind::Error, begin);
}

Token Tokenizer::scan_dollar(std::size_t begin) {
    const std::size_t n = m_src.size();
    std::size_t p = begin + 1;
    // $1 positional parameter
    if (p < n && (cls(m_src[p]) & k_digit)) {
        while (p < n && (cls(m_src[p]) & k_digit)) {
            ++p;
        }
        m_pos = p;
        return make(TokenKind::Param, begin);
    }
    if (m_traits->dollar_strings) {
        std::size_t tag_end = p;
        if (m_traits->dollar_tags) {
            while (tag_end < n && (cls(m_src[tag_end]) & k_ident_part) && m_src[tag_end] != '$') {
                ++tag_end;
            }
        }
        if (tag_end < n && m_src[tag_end] == '$') {
            std::string_view tag = m_src.substr(begin, tag_end + 1 - begin);
            std::size_t close = m_src.find(tag, tag_end + 1);
            if (close == std::string_view::npos) {
                m_pos = n;
                return make(TokenKind::Error, begin);
            }
            m_pos = close + tag.size();
            return make(TokenKind::String, begin);
        }
    }
    // $name (snowflake variables, bigquery-style templating leftovers): a parameter.
    while (p < n && (cls(m_src[p]) & k_ident_part) && m_src[p] != '$') {
        ++p;
    }
    m_pos = p;
    return make(p > begin + 1 ? TokenKind::Param : TokenKind::Operator, begin);
}

Token Tokenizer::scan_number(std::size_t begin) {
    const std::size_t n = m_src.size();
    std::size_t p = begin;
    if (m_src[p] == '0' && p + 1 < n && (m_src[p + 1] == 'x' || m_src[p + 1] == 'X')) {
        p += 2;
        while (p < n && (std::isxdigit(static_cast<unsigned char>(m_src[p])) || m_src[p] == '_')) {
            ++p;
        }
        m_pos = p;
        return make(TokenKind::Number, begin);
    }
    while (p < n && ((cls(m_src[p]) & k_digit) || m_src[p] == '_')) {
        ++p;
    }
    if (p < n && m_src[p] == '.' && !(p + 1 < n && m_src[p + 1] == '.')) {
        ++p;
        while (p < n && ((cls(m_src[p]) & k_digit) || m_src[p] == '_')) {
            ++p;
        }
    }
    if (p < n && (m_src[p] == 'e' || m_src[p] == 'E')) {
        std::size_t q = p + 1;
        if (q < n && (m_src[q] == '+' || m_src[q] == '-')) {
            ++q;
        }
        if (q < n && (cls(m_src[q]) & k_digit)) {
            p = q;
            while (p < n && (cls(m_src[p]) & k_digit)) {
                ++p;
            }
        }
    }
    if (m_traits->number_suffixes && p < n) {
        char s = static_cast<char>(m_src[p] | 0x20);
        std::size_t len = (s == 'b' && p + 1 < n && (m_src[p + 1] | 0x20) == 'd') ? 2
                          : (s == 'l' || s == 's' || s == 'y' || s == 'd' || s == 'f') ? 1
                                                                                        : 0;
        if (len > 0 && !(p + len < n && (cls(m_src[p + len]) & k_ident_part))) {
            p += len;
        }
    }
    m_pos = p;
    return make(TokenKind::Number, begin);
}

Token Tokenizer::scan_operator(std::size_t begin) {
    const std::size_t n = m_src.size();
    char c = m_src[begin];
    char d = begin + 1 < n ? m_src[begin + 1] : '\0';
    char e = begin + 2 < n ? m_src[begin + 2] : '\0';
    std::size_t len = 1;
    switch (c) {
    case '-':
        len = d == '>' ? (e == '>' ? 3 : 2) : 1;
        break;
    case '#':
        len = d == '>' ? (e == '>' ? 3 : 2) : d == '-' ? 2 : 1;
        break;
    case '!':
        len = d == '~' ? ((e == '*' || e == '~') ? 3 : 2) : d == '=' ? 2 : 1;
        break;
    case '<':
        len = d == '=' ? (e == '>' ? 3 : 2) : (d == '>' || d == '@' || d == '<') ? 2 : 1;
        break;
    case '>': len = (d == '=' || d == '>') ? 2 : 1; break;
    case ':': len = (d == ':' || d == '=') ? 2 : 1; break;
    case '@': len = (d == '>' || d == '@') ? 2 : 1; break;
    case '|': len = d == '|' ? 2 : 1; break;
    case '=': len = (d == '>' || d == '=') ? 2 : 1; break;
    case '~': len = (d == '*' || d == '~') ? 2 : 1; break;
    case '&': len = d == '&' ? 2 : 1; break;
    case '?': len = (d == '|' || d == '&') ? 2 : 1; break;
    case '*': len = d == '*' ? 2 : 1; break;
    default: break;
    }
    m_pos = begin + len;
    return make(TokenKind::Operator, begin);
}

Token Tokenizer::next() {
    while (m_pos < m_src.size() && m_src[m_pos] == ' ') {
        ++m_pos;
    }
    if (!skip_space_and_comments()) {
        std::size_t begin = m_pos;
        m_pos = m_src.size();
        return make(TokenKind::Error, begin);
    }
    const std::size_t n = m_src.size();
    std::size_t begin = m_pos;
    if (m_pos >= n) {
        return make(TokenKind::End, begin);
    }
    char c = m_src[m_pos];
    char d = m_pos + 1 < n ? m_src[m_pos + 1] : '\0';
    const DialectTraits& t = *m_traits;

    // Prefixed strings: E'..' X'..' B'..' N'..' U&'..' r'..' b'..' rb'..'
    bool quote_follows = d == '\'' || d == '"' || d == '&' || ((d | 0x20) == 'r') || ((d | 0x20) == 'b');
    if (quote_follows && ((c | 0x20) == 'e' || (c | 0x20) == 'x' || (c | 0x20) == 'b' || (c | 0x20) == 'n' ||
        (c | 0x20) == 'r' || (c | 0x20) == 'u')) {
        std::size_t q = m_pos + 1;
        if ((c | 0x20) == 'u' && d == '&') {
            q = m_pos + 2;
        } else if (((c | 0x20) == 'r' || (c | 0x20) == 'b') && q < n &&
                   ((m_src[q] | 0x20) == 'r' || (m_src[q] | 0x20) == 'b') && (m_src[q] | 0x20) != (c | 0x20)) {
            ++q;
        }
        if (q < n && (m_src[q] == '\'' || (t.double_quoted_strings && m_src[q] == '"'))) {
            bool raw = (c | 0x20) == 'r' || (q > m_pos + 1 && (m_src[m_pos + 1] | 0x20) == 'r');
            bool backslash = !raw && ((c | 0x20) == 'e' || t.backslash_escapes);
            if ((c | 0x20) == 'u' && d != '&') {
                // plain identifier starting with u
            } else {
                char quote = m_src[q];
                if (t.triple_quoted_strings && q + 2 < n && m_src[q + 1] == quote && m_src[q + 2] == quote) {
                    std::size_t close = m_src.find(std::string_view(m_src.data() + q, 3), q + 3);
                    m_pos = close == std::string_view::npos ? n : close + 3;
                    return make(close == std::string_view::npos ? TokenKind::Error : TokenKind::String, begin);
                }
                return scan_quoted(begin, q + 1, quote, TokenKind::String, backslash);
            }
        }
    }
    // T-SQL temporary tables: #name and ##name are names.
    bool temp_name = c == '#' && t.hash_idents &&
                     ((cls(d) & k_ident_start) || (d == '#' && m_pos + 2 < n && (cls(m_src[m_pos + 2]) & k_ident_start)));
    if ((cls(c) & k_ident_start) || temp_name) {
        const char* p = m_src.data() + m_pos + (d == '#' && temp_name ? 2 : 1);
        const char* end = m_src.data() + n;
        while (p < end && (cls(*p) & k_ident_part)) {
            ++p;
        }
        m_pos = static_cast<std::size_t>(p - m_src.data());
        return Token{std::string_view(m_src.data() + begin, m_pos - begin), static_cast<std::uint32_t>(begin),
                     TokenKind::Word};
    }
    // ClickHouse tuple access `t.1`: right after a name or a closing bracket the dot is a dot.
    bool tuple_dot = c == '.' && m_traits == &traits(Dialect::ClickHouse) && begin > 0 &&
                     ((cls(m_src[begin - 1]) & k_ident_part) || m_src[begin - 1] == ')' ||
                      m_src[begin - 1] == ']' || m_src[begin - 1] == '`' || m_src[begin - 1] == '"');
    if (cls(c) & k_digit || (c == '.' && (cls(d) & k_digit) && !tuple_dot)) {
        return scan_number(begin);
    }
    switch (c) {
    case '\'':
        if (t.triple_quoted_strings && m_src.substr(m_pos, 3) == "'''") {
            std::size_t close = m_src.find("'''", m_pos + 3);
            m_pos = close == std::string_view::npos ? n : close + 3;
            return make(close == std::string_view::npos ? TokenKind::Error : TokenKind::String, begin);
        }
        return scan_quoted(begin, m_pos + 1, '\'', TokenKind::String, t.backslash_escapes);
    case '"':
        if (t.double_quoted_strings) {
            if (t.triple_quoted_strings && m_src.substr(m_pos, 3) == "\"\"\"") {
                std::size_t close = m_src.find("\"\"\"", m_pos + 3);
                m_pos = close == std::string_view::npos ? n : close + 3;
                return make(close == std::string_view::npos ? TokenKind::Error : TokenKind::String, begin);
            }
            return scan_quoted(begin, m_pos + 1, '"', TokenKind::String, t.backslash_escapes);
        }
        return scan_quoted(begin, m_pos + 1, '"', TokenKind::QuotedIdent, false);
    case '`':
        if (t.backtick_idents) {
            return scan_quoted(begin, m_pos + 1, '`', TokenKind::QuotedIdent, false);
        }
        break;
    case '[':
        if (t.bracket_idents && (cls(d) & k_ident_start)) {
            std::size_t close = m_src.find(']', m_pos + 1);
            std::size_t nl = m_src.find('\n', m_pos + 1);
            if (close != std::string_view::npos && close < nl) {
                // [name] is an identifier when it holds no expression characters.
                bool plain = true;
                for (std::size_t i = m_pos + 1; i < close; ++i) {
                    char x = m_src[i];
                    if (x == '\'' || x == '[' || x == ',' || x == '(' || x == ':') {
                        plain = false;
                        break;
                    }
                }
                if (plain) {
                    m_pos = close + 1;
                    return make(TokenKind::QuotedIdent, begin);
                }
            }
        }
        ++m_pos;
        return make(TokenKind::LBracket, begin);
    case '$': return scan_dollar(begin);
    case '(': ++m_pos; return make(TokenKind::LParen, begin);
    case ')': ++m_pos; return make(TokenKind::RParen, begin);
    case ']': ++m_pos; return make(TokenKind::RBracket, begin);
    case '{': ++m_pos; return make(TokenKind::LBrace, begin);
    case '}': ++m_pos; return make(TokenKind::RBrace, begin);
    case ',': ++m_pos; return make(TokenKind::Comma, begin);
    case ';': ++m_pos; return make(TokenKind::Semicolon, begin);
    case '.': ++m_pos; return make(TokenKind::Dot, begin);
    case ':':
        if (d == ':' || d == '=') {
            return scan_operator(begin);
        }
        if (t.colon_params && (cls(d) & k_ident_start)) {
            m_pos += 1;
            while (m_pos < n && (cls(m_src[m_pos]) & k_ident_part)) {
                ++m_pos;
            }
            return make(TokenKind::Param, begin);
        }
        ++m_pos;
        return make(TokenKind::Colon, begin);
    case '?':
        if (!t.question_operator) {
            ++m_pos;
            while (m_pos < n && (cls(m_src[m_pos]) & k_digit)) {
                ++m_pos;
            }
            return make(TokenKind::Param, begin);
        }
        return scan_operator(begin);
    case '@':
        if (t.at_params && (d == '@' || (cls(d) & k_ident_start))) {
            m_pos += d == '@' ? 2 : 1;
            while (m_pos < n && (cls(m_src[m_pos]) & k_ident_part)) {
                ++m_pos;
            }
            return make(TokenKind::Param, begin);
        }
        return scan_operator(begin);
    default: break;
    }
    if (cls(c) & k_op) {
        return scan_operator(begin);
    }
    ++m_pos;
    return make(TokenKind::Error, begin);
}

std::vector<Token> tokenize(std::string_view source, Dialect dialect) {
    std::vector<Token> out;
    out.reserve(source.size() / 4 + 4);
    Tokenizer tz(source, dialect);
    for (;;) {
        Token t = tz.next();
        out.push_back(t);
        if (t.kind == TokenKind::End) {
            break;
        }
    }
    return out;
}

} // namespace dpipe::sql
