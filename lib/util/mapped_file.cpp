#include "util/mapped_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dpipe::util {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(other.m_data), m_size(other.m_size), m_open(other.m_open) {
    other.m_data = nullptr;
    other.m_size = 0;
    other.m_open = false;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        reset();
        m_data = other.m_data;
        m_size = other.m_size;
        m_open = other.m_open;
        other.m_data = nullptr;
        other.m_size = 0;
        other.m_open = false;
    }
    return *this;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() {
    if (m_data != nullptr) {
        ::munmap(m_data, m_size);
    }
    m_data = nullptr;
    m_size = 0;
    m_open = false;
}

void MappedFile::release_pages() const {
    if (m_data != nullptr) {
        ::madvise(m_data, m_size, MADV_DONTNEED); // advice only: a failure leaves the pages resident
    }
}

bool MappedFile::open(const std::string& path, std::uint64_t max_bytes, std::string* error) {
    reset();
    auto fail = [&](std::string why) {
        if (error != nullptr) {
            *error = path + ": " + why;
        }
        return false;
    };
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail("not a regular file");
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        ::close(fd);
        return fail("larger than " + std::to_string(max_bytes) + " bytes");
    }
    m_size = static_cast<std::size_t>(st.st_size);
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int err = errno;
            ::close(fd);
            m_size = 0;
            return fail(std::strerror(err));
        }
        m_data = p;
    }
    ::close(fd);
    m_open = true;
    return true;
}

} // namespace dpipe::util
