#pragma once
// Zero-copy SQL tokenizer. Tokens are views into the source text (which must outlive them) plus
// a kind and a byte offset. Whitespace and comments are skipped. Never fails: malformed input
// (an unterminated string, a stray byte) yields an Error token covering the rest of the bad span
// and scanning continues.

#include "sql/dialect.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace dpipe::sql {

enum class TokenKind : std::uint8_t {
    Word,        // unquoted identifier or keyword
    QuotedIdent, // "x", `x`, [x] -- text includes the quotes
    String,      // 'x', E'x', $$x$$, r'x', b'x', """x""" ... -- text includes prefix and quotes
    Number,      // 12, 1.5, .5e-3, 0x1F, 1_000
    Param,       // $1, ?, :name, @name, @@name
    Operator,    // + - * / = <> :: -> ->> || ...
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    Semicolon,
    Colon,
    Error, // malformed input; see Tokenizer::error_message
    End,
};

const char* token_kind_name(TokenKind k);

struct Token {
    std::string_view text;
    std::uint32_t offset = 0;
    TokenKind kind = TokenKind::End;

    bool is(TokenKind k) const { return kind == k; }
    bool is_op(std::string_view op) const { return kind == TokenKind::Operator && text == op; }
};

// Pull tokenizer: call next() until it returns a token of kind End. No allocation.
class Tokenizer {
public:
    Tokenizer(std::string_view source, Dialect dialect);
    Token next();
    // For an Error token: why it was produced (static string).
    static const char* error_message(const Token& t);

private:
    bool skip_space_and_comments();
    Token make(TokenKind kind, std::size_t begin) const;
    Token scan_quoted(std::size_t begin, std::size_t body, char close, TokenKind kind, bool backslash);
    Token scan_dollar(std::size_t begin);
    Token scan_number(std::size_t begin);
    Token scan_operator(std::size_t begin);

    std::string_view m_src;
    std::size_t m_pos = 0;
    const DialectTraits* m_traits;
};

// All tokens of `source` (the final End token included).
std::vector<Token> tokenize(std::string_view source, Dialect dialect);

} // namespace dpipe::sql
