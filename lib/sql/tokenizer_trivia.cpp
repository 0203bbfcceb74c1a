// Trivia (whitespace and comments) as tokens. Kept out of tokenizer.cpp on purpose: in the same
// translation unit the compiler spends its inlining budget on this path and the default next()
// loses about 10-15% of its speed.

#include "sql/tokenizer.hpp"

#include <cstring>

namespace dpipe::sql {

namespace {

// The tokenizer's whitespace class.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

// The same comment rules as Tokenizer::skip_space_and_comments, which keeps its own inlined copy.
std::size_t Tokenizer::comment_length(std::size_t pos, bool& block) const {
    const std::size_t n = m_src.size();
    char c = m_src[pos];
    char d = pos + 1 < n ? m_src[pos + 1] : '\0';
    block = false;
    if ((c == '-' && d == '-') || (c == '#' && m_traits->hash_comments) ||
        (c == '/' && d == '/' && m_traits->slash_comments)) {
        const void* nl = std::memchr(m_src.data() + pos, '\n', n - pos);
        return (nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - m_src.data()) : n) - pos;
    }
    if (c != '/' || d != '*') {
        return 0;
    }
    block = true;
    std::size_t p = pos + 2;
    int depth = 1;
    while (p < n && depth > 0) {
        if (m_src[p] == '*' && p + 1 < n && m_src[p + 1] == '/') {
            --depth;
            p += 2;
        } else if (m_traits->nested_comments && m_src[p] == '/' && p + 1 < n && m_src[p + 1] == '*') {
            ++depth;
            p += 2;
        } else {
            ++p;
        }
    }
    return depth > 0 ? std::string_view::npos : p - pos;
}

// Trivia first (one whitespace run or one comment at a time), then the token itself: next()
// then starts at a token, so its own skipping does nothing.
Token Tokenizer::next(Trivia keep) {
    if (keep == Trivia::Skip) {
        return next();
    }
    const std::size_t n = m_src.size();
    std::size_t begin = m_pos;
    if (m_pos < n && (is_space(m_src[m_pos]))) {
        while (m_pos < n && (is_space(m_src[m_pos]))) {
            ++m_pos;
        }
        if (keep == Trivia::All) {
            return make(TokenKind::Whitespace, begin);
        }
        begin = m_pos;
    }
    if (m_pos < n) {
        bool block = false;
        std::size_t len = comment_length(m_pos, block);
        if (len == std::string_view::npos) {
            m_pos = n;
            return make(TokenKind::Error, begin);
        }
        if (len > 0) {
            m_pos += len;
            return make(block ? TokenKind::BlockComment : TokenKind::LineComment, begin);
        }
    }
    return next();
}

std::vector<Token> comments(std::string_view source, Dialect dialect) {
    std::vector<Token> out;
    Tokenizer tz(source, dialect);
    for (Token t = tz.next(Trivia::Comments); t.kind != TokenKind::End; t = tz.next(Trivia::Comments)) {
        if (t.is_comment()) {
            out.push_back(t);
        }
    }
    return out;
}

} // namespace dpipe::sql
