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
