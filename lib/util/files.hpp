#pragma once
// File-system helpers. Errors are returned as values with a human message.

#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dpipe::util {

namespace fs = std::filesystem;

struct FileError {
    std::string message;
};

// Reads a whole file. Fails when it is missing, unreadable, a directory or larger than max_bytes.
Result<std::string, FileError> read_file(const fs::path& path, std::uint64_t max_bytes);

// Writes a file atomically (temp file in the same directory, then rename), creating parents.
Result<bool, FileError> write_file_atomic(const fs::path& path, std::string_view content);

// Regular files below `root` whose name ends with one of `suffixes`, sorted, as paths relative
// to `root`. Hidden directories and `skip_dirs` (names) are not entered. Symlinked directories
// are not followed, so loops cannot occur.
std::vector<fs::path> list_files(const fs::path& root, const std::vector<std::string>& suffixes,
                                 const std::vector<std::string>& skip_dirs = {});

// `p` relative to `base` using forward slashes ("a/b.sql"); p itself when not below base.
std::string relative_slash(const fs::path& p, const fs::path& base);

} // namespace dpipe::util
