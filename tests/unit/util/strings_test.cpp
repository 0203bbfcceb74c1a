#include "util/strings.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::util;

TEST_CASE("trim and split") {
    CHECK(trim("  a b \n") == "a b");
    CHECK(trim("   ").empty());
    auto parts = split("a,b,,c", ',');
    REQUIRE(parts.size() == 4);
    CHECK(parts[2].empty());
    CHECK(parts[3] == "c");
}

TEST_CASE("edit distance and closest match") {
    CHECK(edit_distance("kitten", "sitting", 10) == 3);
    CHECK(edit_distance("tga", "tag", 10) == 1);
    CHECK(edit_distance("abc", "xyz123456", 2) == 3);
    CHECK(closest_match("versoin", {"ls", "version", "lint"}) == "version");
    CHECK(closest_match("zzzz", {"ls", "lint"}).empty());
}

TEST_CASE("utf-8 validation reports the first bad byte") {
    std::size_t bad = 0;
    CHECK(valid_utf8("plain ascii"));
    CHECK(valid_utf8("caf\xc3\xa9"));
    CHECK_FALSE(valid_utf8("ab\xff" "cd", &bad));
    CHECK(bad == 2);
    CHECK_FALSE(valid_utf8("\xc0\xaf", &bad)); // overlong
    CHECK_FALSE(valid_utf8("\xed\xa0\x80", &bad)); // surrogate
    // Past the eight-byte ASCII steps: a bad byte at each offset of a longer text is found.
    for (std::size_t at = 0; at < 40; ++at) {
        std::string text(40, 'a');
        text[at] = '\xff';
        CHECK_FALSE(valid_utf8(text, &bad));
        CHECK(bad == at);
    }
    CHECK(valid_utf8(std::string(37, 'a') + "caf\xc3\xa9" + std::string(9, 'b')));
    CHECK_FALSE(valid_utf8(std::string(16, 'a') + "\xc3", &bad)); // truncated at the end
    CHECK(bad == 16);
}

TEST_CASE("line and column of an offset") {
    std::string_view t = "ab\ncd\nef";
    auto lc = line_col_at(t, 4);
    CHECK(lc.line == 2);
    CHECK(lc.col == 2);
    CHECK(line_at(t, 3) == "ef");
    CHECK(line_at(t, 9).empty());
}

TEST_CASE("json escape") {
    CHECK(json_escape("a\"b\n\x01") == "a\\\"b\\n\\u0001");
}
