#include "git/worktree_file.hpp"

#include "git/libgit2.hpp"
#include "util/file_source.hpp"
#include "util/hash.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dpipe::git::detail {

GitError unreadable(const std::string& shown, const std::string& why) {
    return error(GitError::Kind::Broken, "cannot read " + shown + " in the working tree: " + why);
}

util::Result<std::optional<DiskEntry>, GitError> disk_entry(const std::string& abs,
                                                            const std::string& shown) {
    struct stat st {};
    if (::lstat(abs.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return std::optional<DiskEntry>();
        }
        return util::unexpected(unreadable(shown, std::strerror(errno)));
    }
    if (S_ISLNK(st.st_mode)) {
        std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
        ssize_t n = ::readlink(abs.c_str(), target.data(), target.size());
        if (n < 0 || static_cast<std::size_t>(n) >= target.size()) {
            return util::unexpected(unreadable(shown, n < 0 ? std::strerror(errno) : "changed"));
        }
        target.resize(static_cast<std::size_t>(n));
        return std::optional<DiskEntry>(DiskEntry{EntryKind::Symlink, util::git_blob_id(target)});
    }
    if (!S_ISREG(st.st_mode)) {
        return std::optional<DiskEntry>();
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        int fd = ::open(abs.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            return util::unexpected(unreadable(shown, std::strerror(errno)));
        }
        if (::fstat(fd, &st) != 0) {
            int saved = errno;
            ::close(fd);
            return util::unexpected(unreadable(shown, std::strerror(saved)));
        }
        auto size = static_cast<std::uint64_t>(st.st_size);
        util::Sha1 sha;
        std::string header = "blob " + std::to_string(size);
        header += '\0';
        sha.update(header);
        std::uint64_t total = 0;
        char buf[65536];
        int failed = 0;
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                failed = errno;
                break;
            }
            if (n == 0) {
                break;
            }
            total += static_cast<std::uint64_t>(n);
            sha.update(std::string_view(buf, static_cast<std::size_t>(n)));
        }
        ::close(fd);
        if (failed != 0) {
            return util::unexpected(unreadable(shown, std::strerror(failed)));
        }
        if (total == size) {
            auto digest = sha.finish();
            return std::optional<DiskEntry>(
                DiskEntry{EntryKind::File, util::to_hex(digest.data(), digest.size())});
        }
        // Written to while we read it: the header's size was wrong, read again.
    }
    return util::unexpected(unreadable(shown, "it keeps changing while being read"));
}

} // namespace dpipe::git::detail
