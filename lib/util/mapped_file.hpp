#pragma once
// A file mapped read-only into memory, so a large file whose parts are needed one at a time
// (the cache pack) is paged in on demand instead of read whole. The mapping stays valid when the
// file is replaced by rename (the old inode lives while mapped); a file truncated in place by
// another program could fault on access, which is why writers here only ever replace by rename.

#include <cstdint>
#include <string>
#include <string_view>

namespace dpipe::util {

class MappedFile {
public:
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    ~MappedFile();

    // Maps `path`; false (with a reason) when it cannot be opened, is not a regular file or is
    // larger than max_bytes. An empty file maps to an empty view.
    bool open(const std::string& path, std::uint64_t max_bytes, std::string* error = nullptr);
    std::string_view bytes() const { return {static_cast<const char*>(m_data), m_size}; }
    bool is_open() const { return m_open; }
    // Drops the pages read so far from the resident set (the view stays valid: a later read
    // pages them in again from the file). For a caller that has decoded what it needed.
    void release_pages() const;

private:
    void reset();

    void* m_data = nullptr;
    std::size_t m_size = 0;
    bool m_open = false;
};

} // namespace dpipe::util
