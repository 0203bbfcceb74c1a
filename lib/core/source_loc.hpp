#pragma once
// A position in a file of the project: path relative to the project root (forward slashes),
// 1-based line and column (column counted in bytes). line == 0 means "the whole file".

#include <string>

namespace dpipe::core {

struct SourceLoc {
    std::string file;
    int line = 0;
    int col = 0;

    bool valid() const { return !file.empty(); }
    // "file:line:col", "file:line" or "file", as far as known.
    std::string str() const;
    bool operator==(const SourceLoc&) const = default;
};

} // namespace dpipe::core
