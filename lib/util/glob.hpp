#pragma once
// Glob patterns, one matcher for every place dpipe takes them (selectors, lint path scopes,
// CODEOWNERS). Matching simulates the pattern as a small automaton over the text, so its cost is
// bounded by pattern length x text length whatever the pattern (patterns come from files in pull
// requests: `*a*a*a*a*b` must not take exponential time).
//
// Path syntax (the default), as gitignore and GitHub's CODEOWNERS read it:
//   `*` any run of characters within one path segment, `?` one character other than `/`;
//   `**` as a whole segment spans segments: `**/x` (x at any depth, also at the top),
//   `a/**/b` (also `a/b`), `a/**` (everything below a); elsewhere `**` is `*`.
// Text syntax: `*` any run of characters, `/` included, `?` any one character.
// With escapes, `\c` matches the character c literally.

#include <string_view>

namespace dpipe::util {

struct GlobSyntax {
    bool paths = true;    // path syntax (above); false: text syntax
    bool escapes = false; // `\c` is a literal c
};

// True when the whole of `text` matches `pattern`.
bool glob_match(std::string_view pattern, std::string_view text, GlobSyntax syntax = {});

// True when `pattern` has a wildcard (`*` or `?`) that is not escaped under `syntax`.
bool has_wildcard(std::string_view pattern, GlobSyntax syntax = {});

} // namespace dpipe::util
