#include "util/hash.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace dpipe::util;

TEST_CASE("sha256 known answers") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    std::string million(1000000, 'a');
    CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 incremental equals one-shot") {
    Sha256 h;
    h.update("hello ");
    h.update("world");
    auto d = h.finish();
    std::string hex;
    for (auto b : d) {
        static const char* k = "0123456789abcdef";
        hex += k[b >> 4];
        hex += k[b & 15];
    }
    CHECK(hex == sha256_hex("hello world"));
}

TEST_CASE("fnv1a64 differs for different input") {
    CHECK(fnv1a64("a") != fnv1a64("b"));
    CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
}

TEST_CASE("sha1 known answers") {
    CHECK(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    std::string million(1000000, 'a');
    CHECK(sha1_hex(million) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST_CASE("sha1 incremental equals one-shot at every split point") {
    std::string text(200, 'x');
    for (std::size_t i = 0; i < text.size(); ++i) {
        text[i] = static_cast<char>('a' + i % 26);
    }
    std::string expected = sha1_hex(text);
    for (std::size_t split = 0; split <= text.size(); split += 7) {
        Sha1 h;
        h.update(std::string_view(text).substr(0, split));
        h.update(std::string_view(text).substr(split));
        auto d = h.finish();
        CHECK(to_hex(d.data(), d.size()) == expected);
    }
}
