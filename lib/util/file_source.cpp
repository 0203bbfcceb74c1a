#include "util/file_source.hpp"

#include "util/hash.hpp"
#include "util/source_paths.hpp"
#include "util/strings.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace dpipe::util {

std::string git_blob_id(std::string_view bytes) {
    Sha1 h;
    std::string header = "blob " + std::to_string(bytes.size());
    header += '\0';
    h.update(header);
    h.update(bytes);
    auto d = h.finish();
    return to_hex(d.data(), d.size());
}

namespace {

// Closes a file descriptor on scope exit.
class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(-1); }
    int get() const { return m_fd; }
    void reset(int fd) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = fd;
    }

  private:
    int m_fd;
};

struct OpenFailure {
    SourceError::Kind kind;
    std::string message;
};

SourceError::Kind kind_of_errno(int err) {
    return (err == ENOENT || err == ENOTDIR) ? SourceError::Kind::NotFound
                                             : SourceError::Kind::Unreadable;
}

// Opens `rel` (already normalized) below `root` without following any symlink on the way, so a
// path from a project file cannot escape the root. `flags` apply to the last component.
Result<int, OpenFailure> open_beneath(const std::string& root, const std::string& rel, int flags) {
    int dir = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        int err = errno;
        return unexpected(OpenFailure{kind_of_errno(err), root + ": " + std::strerror(err)});
    }
    Fd current(dir);
    // One system call where the kernel has openat2 (Linux 5.6): it refuses any symlink and any
    // escape on the way. On refusal (ELOOP, EXDEV) or an old kernel, walk component by component,
    // which also names the symlink in the message.
    if (!rel.empty()) {
        open_how how{};
        how.flags = static_cast<std::uint64_t>(flags | O_NOFOLLOW | O_CLOEXEC);
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        long fd = ::syscall(SYS_openat2, current.get(), rel.c_str(), &how, sizeof how);
        if (fd >= 0) {
            return static_cast<int>(fd);
        }
        int err = errno;
        if (err == ENOENT || err == ENOTDIR || err == EACCES) {
            return unexpected(OpenFailure{kind_of_errno(err), rel + ": " + std::strerror(err)});
        }
        // ELOOP, EXDEV, ENOSYS, EPERM (seccomp), E2BIG...: the walk below decides.
    }
    std::size_t start = 0;
    for (;;) {
        std::size_t slash = rel.find('/', start);
        std::string part =
            rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (slash == std::string::npos) {
            int fd = ::openat(current.get(), part.empty() ? "." : part.c_str(),
                              flags | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                int err = errno;
                if (err == ELOOP) {
                    return unexpected(
                        OpenFailure{SourceError::Kind::NotAFile, rel + " is a symbolic link"});
                }
                return unexpected(OpenFailure{kind_of_errno(err), rel + ": " + std::strerror(err)});
            }
            return fd;
        }
        struct stat st {};
        if (::fstatat(current.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            int err = errno;
            return unexpected(OpenFailure{kind_of_errno(err), rel + ": " + std::strerror(err)});
        }
        if (S_ISLNK(st.st_mode)) {
            return unexpected(
                OpenFailure{SourceError::Kind::NotAFile,
                            rel + " goes through the symbolic link " + rel.substr(0, slash)});
        }
        int next =
            ::openat(current.get(), part.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            int err = errno;
            return unexpected(OpenFailure{kind_of_errno(err), rel + ": " + std::strerror(err)});
        }
        current.reset(next);
        start = slash + 1;
    }
}

// The lstat mode of `rel` below `root`, or 0 when it cannot be reached without symlinks.
mode_t mode_beneath(const std::string& root, std::string_view path) {
    auto rel = normalize_relative_path(path);
    if (!rel) {
        return 0;
    }
    auto fd = open_beneath(root, *rel, O_PATH);
    if (!fd) {
        return 0;
    }
    Fd guard(*fd);
    struct stat st {};
    if (::fstat(guard.get(), &st) != 0) {
        return 0;
    }
    return st.st_mode;
}

// One directory of the walk: `abs` on disk, `rel` relative to the root.
void walk(const std::string& abs, const std::string& rel, const ListOptions& options,
          std::vector<std::string>& files, std::vector<ListProblem>& problems) {
    int fd = ::open(abs.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        problems.push_back({ListProblem::Kind::Unreadable, rel, std::strerror(err)});
        return;
    }
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        int err = errno;
        ::close(fd);
        problems.push_back({ListProblem::Kind::Unreadable, rel, std::strerror(err)});
        return;
    }
    std::vector<std::string> subdirs;
    for (;;) {
        errno = 0;
        dirent* e = ::readdir(dir);
        if (!e) {
            if (errno != 0) {
                problems.push_back({ListProblem::Kind::Unreadable, rel, std::strerror(errno)});
            }
            break;
        }
        std::string_view name = e->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st {};
            if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                problems.push_back({ListProblem::Kind::Unreadable,
                                    join_relative(rel, escape_bad_utf8(name)),
                                    std::strerror(errno)});
                continue;
            }
            type = S_ISDIR(st.st_mode)   ? DT_DIR
                   : S_ISREG(st.st_mode) ? DT_REG
                   : S_ISLNK(st.st_mode) ? DT_LNK
                                         : DT_FIFO;
        }
        bool good_name = valid_utf8(name);
        auto spelled = [&] { return join_relative(rel, good_name ? name : escape_bad_utf8(name)); };
        if (type == DT_DIR) {
            if (!enters_directory(name, options)) {
                continue;
            }
            if (!good_name) {
                problems.push_back(
                    {ListProblem::Kind::BadName, spelled(), "directory name is not valid UTF-8"});
                continue;
            }
            subdirs.emplace_back(name);
        } else if (type == DT_REG) {
            if (!matches_suffix(name, options)) {
                continue;
            }
            if (!good_name) {
                problems.push_back(
                    {ListProblem::Kind::BadName, spelled(), "file name is not valid UTF-8"});
                continue;
            }
            files.push_back(spelled());
        } else if (type == DT_LNK) {
            if (enters_directory(name, options)) {
                problems.push_back(
                    {ListProblem::Kind::Symlink, spelled(), "symbolic link not followed"});
            }
        } else if (matches_suffix(name, options)) {
            problems.push_back({ListProblem::Kind::Special, spelled(),
                                "not a regular file (FIFO, socket or device)"});
        }
    }
    ::closedir(dir);
    // Descend after closing: one open directory at a time, however deep the tree.
    for (const auto& sub : subdirs) {
        walk(abs + "/" + sub, join_relative(rel, sub), options, files, problems);
    }
}

} // namespace

WorktreeSource::WorktreeSource(std::string root) : m_root(std::move(root)) {
    while (m_root.size() > 1 && m_root.back() == '/') {
        m_root.pop_back();
    }
}

std::vector<std::string> WorktreeSource::list(std::string_view dir, const ListOptions& options,
                                              std::vector<ListProblem>& problems) const {
    std::vector<std::string> files;
    std::size_t first_new = problems.size();
    auto rel = normalize_relative_path(dir);
    if (!rel) {
        problems.push_back({ListProblem::Kind::Unreadable, std::string(dir), rel.error()});
        return files;
    }
    if (!rel->empty()) {
        auto fd = open_beneath(m_root, *rel, O_PATH);
        if (!fd) {
            if (fd.error().kind == SourceError::Kind::NotAFile) {
                problems.push_back({ListProblem::Kind::Symlink, *rel, fd.error().message});
            } else if (fd.error().kind != SourceError::Kind::NotFound) {
                problems.push_back({ListProblem::Kind::Unreadable, *rel, fd.error().message});
            }
            return files;
        }
        Fd guard(*fd);
        struct stat st {};
        if (::fstat(guard.get(), &st) != 0) {
            problems.push_back({ListProblem::Kind::Unreadable, *rel, std::strerror(errno)});
            return files;
        }
        if (S_ISLNK(st.st_mode)) {
            problems.push_back({ListProblem::Kind::Symlink, *rel, "symbolic link not followed"});
        }
        if (!S_ISDIR(st.st_mode)) {
            return files;
        }
    }
    struct stat root_st {};
    if (rel->empty() && ::stat(m_root.c_str(), &root_st) != 0 && errno == ENOENT) {
        return files;
    }
    walk(rel->empty() ? m_root : m_root + "/" + *rel, *rel, options, files, problems);
    finish_listing(files, problems, first_new);
    return files;
}

Result<FileData, SourceError> WorktreeSource::read(std::string_view path,
                                                   std::uint64_t max_bytes) const {
    auto rel = normalize_relative_path(path);
    if (!rel) {
        return unexpected(SourceError{SourceError::Kind::Unreadable, rel.error()});
    }
    if (rel->empty()) {
        return unexpected(SourceError{SourceError::Kind::NotAFile, "the root is a directory"});
    }
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    auto opened = open_beneath(m_root, *rel, O_RDONLY | O_NONBLOCK);
    if (!opened) {
        return unexpected(SourceError{opened.error().kind, opened.error().message});
    }
    Fd fd(*opened);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return unexpected(
            SourceError{SourceError::Kind::Unreadable, *rel + ": " + std::strerror(errno)});
    }
    if (S_ISDIR(st.st_mode)) {
        return unexpected(SourceError{SourceError::Kind::NotAFile, *rel + " is a directory"});
    }
    if (!S_ISREG(st.st_mode)) {
        return unexpected(
            SourceError{SourceError::Kind::NotAFile, *rel + " is not a regular file"});
    }
    auto too_large = [&] {
        return SourceError{SourceError::Kind::TooLarge, *rel + " is larger than the limit of " +
                                                            std::to_string(max_bytes) + " bytes"};
    };
    auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > max_bytes) {
        return unexpected(too_large());
    }
    FileData data;
    data.bytes.resize(size);
    std::size_t got = 0;
    while (got < data.bytes.size()) {
        ssize_t n = ::read(fd.get(), data.bytes.data() + got, data.bytes.size() - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return unexpected(
                SourceError{SourceError::Kind::Unreadable, *rel + ": " + std::strerror(errno)});
        }
        if (n == 0) {
            break; // shrank since fstat
        }
        got += static_cast<std::size_t>(n);
    }
    data.bytes.resize(got);
    // The file may have grown since fstat: take the rest, within the limit.
    char more[16384];
    for (;;) {
        ssize_t n = ::read(fd.get(), more, sizeof more);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return unexpected(
                SourceError{SourceError::Kind::Unreadable, *rel + ": " + std::strerror(errno)});
        }
        if (n == 0) {
            break;
        }
        if (data.bytes.size() + static_cast<std::size_t>(n) > max_bytes) {
            return unexpected(too_large());
        }
        data.bytes.append(more, static_cast<std::size_t>(n));
    }
    // The stamp describes the bytes read only when the size did not move while reading.
    bool stable = data.bytes.size() == size;
    FileStamp stamp{size, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                    static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec,
                    static_cast<std::uint64_t>(st.st_ino)};
    if (m_ids != nullptr && stable) {
        if (auto id = m_ids->find(*rel, stamp)) {
            data.id = std::move(*id);
            return data;
        }
    }
    data.id = git_blob_id(data.bytes);
    if (m_ids != nullptr && stable) {
        m_ids->remember(*rel, stamp, data.id);
    }
    return data;
}

bool WorktreeSource::is_file(std::string_view path) const {
    return S_ISREG(mode_beneath(m_root, path));
}

bool WorktreeSource::is_directory(std::string_view path) const {
    return S_ISDIR(mode_beneath(m_root, path));
}

MemorySource::MemorySource(std::map<std::string, std::string> files) {
    for (auto& [path, bytes] : files) {
        add(path, std::move(bytes));
    }
}

void MemorySource::add(std::string path, std::string bytes) {
    auto rel = normalize_relative_path(path);
    m_files[rel ? *rel : path] = std::move(bytes);
}

std::vector<std::string> MemorySource::list(std::string_view dir, const ListOptions& options,
                                            std::vector<ListProblem>& problems) const {
    std::vector<std::string> files;
    auto rel = normalize_relative_path(dir);
    if (!rel) {
        problems.push_back({ListProblem::Kind::Unreadable, std::string(dir), rel.error()});
        return files;
    }
    std::string prefix = rel->empty() ? "" : *rel + "/";
    for (auto it = m_files.lower_bound(prefix);
         it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        std::string_view below = std::string_view(it->first).substr(prefix.size());
        bool entered = true;
        std::size_t slash = 0;
        while ((slash = below.find('/')) != std::string_view::npos) {
            if (!enters_directory(below.substr(0, slash), options)) {
                entered = false;
                break;
            }
            below.remove_prefix(slash + 1);
        }
        if (entered && matches_suffix(below, options)) {
            files.push_back(it->first);
        }
    }
    return files; // the map is already in bytewise order
}

Result<FileData, SourceError> MemorySource::read(std::string_view path,
                                                 std::uint64_t max_bytes) const {
    auto rel = normalize_relative_path(path);
    if (!rel) {
        return unexpected(SourceError{SourceError::Kind::Unreadable, rel.error()});
    }
    auto it = m_files.find(*rel);
    if (it == m_files.end()) {
        if (is_directory(*rel)) {
            return unexpected(SourceError{SourceError::Kind::NotAFile, *rel + " is a directory"});
        }
        return unexpected(SourceError{SourceError::Kind::NotFound, *rel + ": no such file"});
    }
    if (it->second.size() > max_bytes) {
        return unexpected(
            SourceError{SourceError::Kind::TooLarge, *rel + " is larger than the limit of " +
                                                         std::to_string(max_bytes) + " bytes"});
    }
    return FileData{it->second, git_blob_id(it->second)};
}

bool MemorySource::is_file(std::string_view path) const {
    auto rel = normalize_relative_path(path);
    return rel && m_files.count(*rel) > 0;
}

bool MemorySource::is_directory(std::string_view path) const {
    auto rel = normalize_relative_path(path);
    if (!rel) {
        return false;
    }
    if (rel->empty()) {
        return true;
    }
    std::string prefix = *rel + "/";
    auto it = m_files.lower_bound(prefix);
    return it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

} // namespace dpipe::util
