#pragma once
// String helpers with no dpipe concepts.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::util {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string replace_all(std::string_view s, std::string_view from, std::string_view to);

// Levenshtein distance, capped: returns max + 1 once the distance exceeds max.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max);

// The candidate closest to `word` within a distance that scales with its length, or "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// True when `s` is well-formed UTF-8. On failure `bad_offset` is the first bad byte.
bool valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr);

// 1-based line and column (in bytes) of a byte offset.
struct LineCol {
    int line = 1;
    int col = 1;
};
LineCol line_col_at(std::string_view text, std::size_t offset);

// The full line (without newline) containing the 1-based line number, or "".
std::string_view line_at(std::string_view text, int line);

// Escapes a string as a JSON string literal body (without quotes).
std::string json_escape(std::string_view s);

} // namespace dpipe::util
