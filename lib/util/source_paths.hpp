#pragma once
// Path and listing rules shared by every FileSource (working tree, git tree, memory), so that
// the same tree gives the same listing and the same problems whichever source reads it.

#include "util/file_source.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>

namespace dpipe::util {

// `path` as a clean relative path: empty and "." components dropped, no leading or trailing
// '/'. "" and "." give "" (the root). Fails, with a human reason, for an absolute path, a ".."
// component or a NUL byte: paths may come from untrusted project files.
Result<std::string, std::string> normalize_relative_path(std::string_view path);

// `a/b` joined with one '/', or `b` when `a` is "".
std::string join_relative(std::string_view dir, std::string_view name);

// `name` with every byte that is not part of well-formed UTF-8 spelled as \xNN.
std::string escape_bad_utf8(std::string_view name);

// What a listing does with one directory entry, by kind. The rules:
// - a directory is entered unless its name is in skip_dirs or it is hidden ('.' first) and
//   skip_hidden is set; a directory to be entered whose name is not UTF-8 is a BadName problem;
// - a regular file is listed when its name ends with one of the suffixes (all when none); such a
//   file whose name is not UTF-8 is a BadName problem instead;
// - a symlink is a Symlink problem whatever its name ends with (it may stand for a directory),
//   unless a directory of that name would not be entered; a git submodule likewise is a Special
//   problem ("submodule not read");
// - a special file (FIFO, socket, device) is a Special problem when its name passes the suffix
//   filter.
// Names "." and ".." (possible in a hand-made git tree) count as bad names.
bool enters_directory(std::string_view name, const ListOptions& options);
bool matches_suffix(std::string_view name, const ListOptions& options);

// Sorts bytewise and removes duplicates: the final step of every listing.
void finish_listing(std::vector<std::string>& files, std::vector<ListProblem>& problems,
                    std::size_t first_new_problem);

} // namespace dpipe::util
