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

// Writes `content` to `path`, whole or not at all:
//  - a regular file (or a new one) is written to a temp file beside it, fsync'd and renamed
//    over it, keeping an existing file's permissions; missing parent directories are created;
//  - a symlink is resolved (through every link) and its target is replaced the same way, so the
//    link stays a link;
//  - a FIFO or character device (/dev/null, /dev/stdout, a terminal) is opened and written
//    directly, since renaming over it would replace it with a plain file.
// A directory, socket or block device is refused. On any error the temp file is removed and
// the message names the path and the system's reason.
Result<bool, FileError> write_file_atomic(const fs::path& path, std::string_view content);

// Writes all of `content` to the open descriptor `fd`, retrying short writes and EINTR.
// Returns an errno value (0 on success).
int write_all(int fd, std::string_view content);

// Regular files below `root` whose name ends with one of `suffixes`, sorted, as paths relative
// to `root`. Hidden directories and `skip_dirs` (names) are not entered. Symlinked directories
// are not followed, so loops cannot occur.
std::vector<fs::path> list_files(const fs::path& root, const std::vector<std::string>& suffixes,
                                 const std::vector<std::string>& skip_dirs = {});

// `p` relative to `base` using forward slashes ("a/b.sql"); p itself when not below base.
std::string relative_slash(const fs::path& p, const fs::path& base);

} // namespace dpipe::util
