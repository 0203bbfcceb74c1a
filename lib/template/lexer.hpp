#pragma once
// Splits a template into data and tag tokens with python-jinja2's default settings:
// trim_blocks and lstrip_blocks off, `-` whitespace control on tags, `{% raw %}` verbatim,
// comments dropped, newlines normalised to "\n" and one trailing newline removed.
// Token text views point into the normalised source, which the caller keeps alive.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl {

enum class Tok : std::uint8_t {
    Data,
    VarBegin,   // {{
    VarEnd,     // }}
    BlockBegin, // {%
    BlockEnd,   // %}
    Name,
    Int,
    Float,
    String,
    Op,
    Eof,
};

struct Token {
    Tok type = Tok::Eof;
    std::uint32_t pos = 0;  // byte offset in the normalised source
    std::string_view text;  // names, operators, data
    std::string str;        // unescaped string literal
    std::int64_t ival = 0;
    double fval = 0;
    bool int_overflow = false;
};

// A lexing or parsing failure at a byte offset.
struct SyntaxError {
    std::uint32_t pos = 0;
    std::string message;
};

// jinja2's newline handling: "\r\n" and "\r" become "\n", one trailing newline is dropped.
std::string normalize_source(std::string_view text);

// Tokenizes `src` (already normalised). Throws SyntaxError.
std::vector<Token> tokenize(std::string_view src);

} // namespace dpipe::tmpl
