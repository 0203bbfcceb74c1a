#pragma once
// Content hashes: SHA-256 for digests that are stored or compared across machines, SHA-1 only
// where git's object ids must be reproduced (blob ids), and a fast 64-bit FNV-1a for in-memory
// keys.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dpipe::util {

class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    std::array<std::uint8_t, 32> finish();

private:
    void block(const std::uint8_t* p);
    std::array<std::uint32_t, 8> m_h;
    std::array<std::uint8_t, 64> m_buf{};
    std::size_t m_buf_len = 0;
    std::uint64_t m_total = 0;
};

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// SHA-1, for git object ids only (not for anything that must resist collisions).
class Sha1 {
public:
    Sha1();
    void update(std::string_view data);
    std::array<std::uint8_t, 20> finish();

private:
    void block(const std::uint8_t* p);
    std::array<std::uint32_t, 5> m_h;
    std::array<std::uint8_t, 64> m_buf{};
    std::size_t m_buf_len = 0;
    std::uint64_t m_total = 0;
};

// Lower-case hex SHA-1 of `data`.
std::string sha1_hex(std::string_view data);

// Lower-case hex of `size` bytes.
std::string to_hex(const std::uint8_t* data, std::size_t size);

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

} // namespace dpipe::util
