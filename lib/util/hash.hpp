#pragma once
// Content hashes: SHA-256 for digests that are stored or compared across machines, SHA-1 only
// where git's object ids must be reproduced (blob ids), and a fast 64-bit FNV-1a for in-memory
// keys.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dpipe::util {

// An incremental digest over OpenSSL's libcrypto (which uses the CPU's SHA instructions where
// there are any). Not copyable; finish() once.
class Digest {
public:
    Digest(const Digest&) = delete;
    Digest& operator=(const Digest&) = delete;
    void update(std::string_view data);

protected:
    explicit Digest(const void* md); // an EVP_MD
    ~Digest();
    void finish_into(std::uint8_t* out);

private:
    void* m_ctx; // EVP_MD_CTX
};

class Sha256 : public Digest {
public:
    Sha256();
    std::array<std::uint8_t, 32> finish();
};

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// SHA-1, for git object ids only (not for anything that must resist collisions).
class Sha1 : public Digest {
public:
    Sha1();
    std::array<std::uint8_t, 20> finish();
};

// Lower-case hex SHA-1 of `data`.
std::string sha1_hex(std::string_view data);

// Lower-case hex MD5 of `data` (dbt's local_md5(); never for anything security-related).
std::string md5_hex(std::string_view data);

// Lower-case hex of `size` bytes.
std::string to_hex(const std::uint8_t* data, std::size_t size);

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

} // namespace dpipe::util
