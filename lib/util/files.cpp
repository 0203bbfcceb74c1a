#include "util/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace dpipe::util {

Result<std::string, FileError> read_file(const fs::path& path, std::uint64_t max_bytes) {
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        return unexpected(FileError{"no such file"});
    }
    if (fs::is_directory(st)) {
        return unexpected(FileError{"is a directory"});
    }
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        return unexpected(FileError{std::strerror(errno)});
    }
    std::string out;
    char buf[65536];
    for (;;) {
        std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (n == 0) {
            break;
        }
        if (out.size() + n > max_bytes) {
            std::fclose(f);
            return unexpected(FileError{"file is larger than the limit of " +
                                        std::to_string(max_bytes) + " bytes"});
        }
        out.append(buf, n);
    }
    bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) {
        return unexpected(FileError{"read error"});
    }
    return out;
}

Result<bool, FileError> write_file_atomic(const fs::path& path, std::string_view content) {
    std::error_code ec;
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
            return unexpected(FileError{"cannot create directory: " + ec.message()});
        }
    }
    fs::path tmp = path;
    tmp += ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            return unexpected(FileError{"cannot write " + tmp.string()});
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            fs::remove(tmp, ec);
            return unexpected(FileError{"write failed for " + tmp.string()});
        }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return unexpected(FileError{"cannot rename into place: " + ec.message()});
    }
    return true;
}

static bool has_suffix(const std::string& name, const std::vector<std::string>& suffixes) {
    for (const auto& s : suffixes) {
        if (name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            return true;
        }
    }
    return false;
}

std::vector<fs::path> list_files(const fs::path& root, const std::vector<std::string>& suffixes,
                                 const std::vector<std::string>& skip_dirs) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return out;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        std::string name = entry.path().filename().string();
        if (entry.is_directory(ec)) {
            bool skip = (!name.empty() && name[0] == '.') ||
                        std::find(skip_dirs.begin(), skip_dirs.end(), name) != skip_dirs.end() ||
                        entry.is_symlink(ec);
            if (skip) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (entry.is_regular_file(ec) && has_suffix(name, suffixes)) {
            out.push_back(entry.path().lexically_relative(root));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string relative_slash(const fs::path& p, const fs::path& base) {
    fs::path rel = p.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..") {
        return p.generic_string();
    }
    return rel.generic_string();
}

} // namespace dpipe::util
