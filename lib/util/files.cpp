#include "util/files.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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

int write_all(int fd, std::string_view content) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return 0;
}

namespace {

FileError sys_error(const std::string& what, int err) {
    return FileError{what + ": " + std::strerror(err)};
}

// Follows `path` through every symlink (at most 40, like the kernel) to the file it names,
// which need not exist yet.
Result<fs::path, FileError> resolve_links(fs::path path) {
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        auto st = fs::symlink_status(path, ec);
        if (ec || !fs::is_symlink(st)) {
            return path;
        }
        fs::path target = fs::read_symlink(path, ec);
        if (ec) {
            return unexpected(FileError{"cannot read the symlink " + path.string() + ": " +
                                        ec.message()});
        }
        path = target.is_absolute() ? target : path.parent_path() / target;
    }
    return unexpected(FileError{"too many levels of symbolic links at " + path.string()});
}

Result<bool, FileError> write_direct(const fs::path& path, std::string_view content) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return unexpected(sys_error("cannot open " + path.string(), errno));
    }
    int err = write_all(fd, content);
    if (::close(fd) != 0 && err == 0 && errno != EINTR) {
        err = errno;
    }
    if (err != 0) {
        return unexpected(sys_error("cannot write " + path.string(), err));
    }
    return true;
}

Result<bool, FileError> write_replacing(const fs::path& path, std::string_view content,
                                        const struct stat* existing) {
    static std::atomic<unsigned> counter{0};
    fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    fs::path tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmp = dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                     std::to_string(counter++));
        // Mode 0666 less the umask, as for any new file; an existing file's mode is kept below.
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) {
            return unexpected(sys_error("cannot create a temporary file in " + dir.string(), errno));
        }
    }
    if (fd < 0) {
        return unexpected(FileError{"cannot create a temporary file in " + dir.string()});
    }
    int err = write_all(fd, content);
    if (err == 0 && existing != nullptr && ::fchmod(fd, existing->st_mode & 07777) != 0) {
        err = errno;
    }
    if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        err = errno;
    }
    if (::close(fd) != 0 && err == 0 && errno != EINTR) {
        err = errno;
    }
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
        err = errno;
    }
    if (err != 0) {
        ::unlink(tmp.c_str());
        return unexpected(sys_error("cannot write " + path.string(), err));
    }
    // Make the rename itself durable where that is cheap; failure here loses nothing written.
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

} // namespace

Result<bool, FileError> write_file_atomic(const fs::path& path, std::string_view content) {
    auto resolved = resolve_links(path);
    if (!resolved) {
        return unexpected(resolved.error());
    }
    const fs::path& target = *resolved;
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0) {
        if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
            return write_direct(target, content);
        }
        if (S_ISDIR(st.st_mode)) {
            return unexpected(FileError{"cannot write " + path.string() + ": is a directory"});
        }
        if (!S_ISREG(st.st_mode)) {
            return unexpected(
                FileError{"cannot write " + path.string() + ": not a regular file"});
        }
        return write_replacing(target, content, &st);
    }
    if (errno != ENOENT) {
        return unexpected(sys_error("cannot write " + path.string(), errno));
    }
    if (target.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) {
            return unexpected(FileError{"cannot create directory " +
                                        target.parent_path().string() + ": " + ec.message()});
        }
    }
    return write_replacing(target, content, nullptr);
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
