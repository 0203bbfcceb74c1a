#include "util/hash.hpp"

#include <openssl/evp.h>

#include <new>

namespace dpipe::util {

namespace {

EVP_MD_CTX* ctx_of(void* p) { return static_cast<EVP_MD_CTX*>(p); }

} // namespace

Digest::Digest(const void* md) : m_ctx(EVP_MD_CTX_new()) {
    if (m_ctx == nullptr ||
        EVP_DigestInit_ex(ctx_of(m_ctx), static_cast<const EVP_MD*>(md), nullptr) != 1) {
        EVP_MD_CTX_free(ctx_of(m_ctx));
        throw std::bad_alloc();
    }
}

Digest::~Digest() { EVP_MD_CTX_free(ctx_of(m_ctx)); }

void Digest::update(std::string_view data) {
    // Fails only for a context that was never initialised, which the constructor rules out.
    EVP_DigestUpdate(ctx_of(m_ctx), data.data(), data.size());
}

void Digest::finish_into(std::uint8_t* out) {
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_of(m_ctx), out, &len);
}

Sha256::Sha256() : Digest(EVP_sha256()) {}

std::array<std::uint8_t, 32> Sha256::finish() {
    std::array<std::uint8_t, 32> out{};
    finish_into(out.data());
    return out;
}

Sha1::Sha1() : Digest(EVP_sha1()) {}

std::array<std::uint8_t, 20> Sha1::finish() {
    std::array<std::uint8_t, 20> out{};
    finish_into(out.data());
    return out;
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
    static const char* k_hex = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += k_hex[data[i] >> 4];
        out += k_hex[data[i] & 15];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    auto d = h.finish();
    return to_hex(d.data(), d.size());
}

std::string sha1_hex(std::string_view data) {
    Sha1 h;
    h.update(data);
    auto d = h.finish();
    return to_hex(d.data(), d.size());
}

namespace {

class Md5 : public Digest {
public:
    Md5() : Digest(EVP_md5()) {}
    std::array<std::uint8_t, 16> finish() {
        std::array<std::uint8_t, 16> out{};
        finish_into(out.data());
        return out;
    }
};

} // namespace

std::string md5_hex(std::string_view data) {
    Md5 h;
    h.update(data);
    auto d = h.finish();
    return to_hex(d.data(), d.size());
}

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

} // namespace dpipe::util
