#pragma once
// Case mapping of UTF-8 text for the upper/lower/title/capitalize filters and methods.
// Covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other code points are kept.

#include <cstdint>
#include <string>
#include <string_view>

namespace dpipe::tmpl {

enum class CaseMode { Upper, Lower, Title, Capitalize, Swap };

// `Title` uppercases the first letter of each word (after a non-letter), lowercases the rest;
// word breaks are decided by `is_break` semantics of the caller: jinja's title breaks on
// whitespace, '-', and opening brackets; Python's str.title on any non-letter.
// Appends code point `cp` to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

std::string change_case(std::string_view s, CaseMode mode, bool jinja_title = false);

} // namespace dpipe::tmpl
