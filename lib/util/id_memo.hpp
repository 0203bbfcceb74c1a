#pragma once
// Remembered blob ids of working-tree files, keyed by path and the file's stat data (size,
// modification and change times in nanoseconds, inode), as git's index remembers them: a file
// whose stat data has not changed has not changed, so its id need not be computed again.
//
// A file modified within two seconds of being read could change again without its times moving
// (file times advance with the kernel's coarse clock), so such an id is used but not
// remembered: the next run hashes the file again (git's "racy" entries, judged by mtime as git
// does).
//
// Thread-safe: find() and remember() may be called from every reader thread.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dpipe::util {

struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;
    bool operator==(const FileStamp& o) const {
        return size == o.size && mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns && inode == o.inode;
    }
};

class IdMemo {
public:
    // racy_ns: how recent a file's times may be for its id to be remembered (tests pass 0).
    explicit IdMemo(std::int64_t racy_ns = 2'000'000'000) : m_racy_ns(racy_ns) {}

    // The remembered id of `path` when its stamp is unchanged.
    std::optional<std::string> find(std::string_view path, const FileStamp& stamp) const;
    // Records the id just computed for `path` (ignored when the file is too recent, see above).
    void remember(std::string_view path, const FileStamp& stamp, const std::string& id);

    // Serialised form (self-checking); decode() returns false and keeps nothing for bad bytes.
    std::string encode() const;
    bool decode(std::string_view bytes);
    // Something was remembered that the last decode() did not hold.
    bool changed() const;
    std::size_t size() const;

private:
    struct Entry {
        FileStamp stamp;
        std::string id;
    };
    std::int64_t m_racy_ns;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
    bool m_changed = false;
};

} // namespace dpipe::util
