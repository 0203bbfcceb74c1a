#pragma once
// Inline suppressions, found in the comments of a file:
//
//   select * from x  -- dpipe:ignore SQ001,ST002    this line, or the line below when alone
//   -- dpipe:ignore-file ST003                      the whole file
//   # dpipe:ignore CF003                             the same in YAML (and TOML)
//
// A code may also be a rule name. Several codes are separated by commas or spaces.

#include "core/source_loc.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::lint {

struct Suppression {
    std::string code;   // as written
    core::SourceLoc loc; // of the code in the comment
    bool whole_file = false;
    bool used = false;
    // Byte offsets in the file, for removing the suppression (unused-suppression's fix).
    std::size_t code_begin = 0;
    std::size_t code_end = 0;
    std::size_t line_begin = 0;
    std::size_t line_end = 0;      // the newline (or the end of the text)
    std::size_t comment_begin = 0; // the "--" or "#" that opens the comment
    int group = 0;                 // suppressions of one comment share it
    bool line_comment = false;     // opened by "--" or "#", and nothing but blanks after the codes
};

struct Edit;

// The edits that remove `s` (alone or from its comment's list) from `text`, given all the
// suppressions of the file; empty when it cannot be removed cleanly (a block comment, prose
// after the codes).
std::vector<Edit> removal(const Suppression& s, const std::vector<Suppression>& all, std::string_view text);

// The suppressions of one file; `sql` picks `--` and `/* */` comments, else `#` comments.
std::vector<Suppression> find_suppressions(std::string_view path, std::string_view text, bool sql);

// True when `s` covers a finding of `code` (a code, already upper case) at `line`.
bool covers(const Suppression& s, std::string_view code, std::string_view name, int line);

} // namespace dpipe::lint
