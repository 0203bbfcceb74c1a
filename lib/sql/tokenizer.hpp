#pragma once
// Zero-copy SQL tokenizer. Tokens are views into the source text (which must outlive them) plus
// a kind and a byte offset. Whitespace and comments (trivia) are skipped unless asked for (see
// Trivia). Never fails: malformed input (an unterminated string, a stray byte) yields an Error
// token covering the rest of the bad span and scanning continues.

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
    // Trivia, only produced when the Tokenizer is asked to keep it.
    Whitespace,   // a run of spaces, tabs and newlines
    LineComment,  // -- x (also # x, // x where the dialect has them); without the newline
    BlockComment, // /* x */ (nested where the dialect allows)
};

// Which trivia Tokenizer::next(Trivia) returns as tokens instead of skipping.
enum class Trivia : std::uint8_t {
    Skip,     // neither: the same as next()
    Comments, // LineComment and BlockComment tokens; whitespace skipped
    All,      // comments and Whitespace tokens: the tokens then cover the source without gaps
};

const char* token_kind_name(TokenKind k);

struct Token {
    std::string_view text;
    std::uint32_t offset = 0;
    TokenKind kind = TokenKind::End;

    bool is(TokenKind k) const { return kind == k; }
    bool is_trivia() const { return kind >= TokenKind::Whitespace; }
    bool is_comment() const { return kind == TokenKind::LineComment || kind == TokenKind::BlockComment; }
    bool is_op(std::string_view op) const { return kind == TokenKind::Operator && text == op; }
};

// Pull tokenizer: call next() until it returns a token of kind End. No allocation.
class Tokenizer {
public:
    Tokenizer(std::string_view source, Dialect dialect);
    // The next token, skipping trivia.
    Token next();
    // The next token or trivia run, returning the trivia `keep` asks for as tokens.
    Token next(Trivia keep);
    // For an Error token: why it was produced (static string).
    static const char* error_message(const Token& t);

private:
    bool skip_space_and_comments();
    // Length of the comment starting at `pos` (0 when none, npos when an unterminated block
    // comment runs to the end); `block` tells which kind.
    std::size_t comment_length(std::size_t pos, bool& block) const;
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

// The comments of `source` in order (LineComment and BlockComment tokens with their offsets),
// e.g. to read `-- dpipe:ignore CODE` suppressions. Comment markers inside strings and quoted
// identifiers are not comments. An unterminated block comment is not returned.
std::vector<Token> comments(std::string_view source, Dialect dialect);

} // namespace dpipe::sql
