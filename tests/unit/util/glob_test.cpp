#include "util/glob.hpp"

#include <catch2/catch.hpp>

#include <string>

using dpipe::util::glob_match;
using dpipe::util::GlobSyntax;
using dpipe::util::has_wildcard;

TEST_CASE("path globs keep star and question mark inside one segment") {
    CHECK(glob_match("models/*.sql", "models/a.sql"));
    CHECK_FALSE(glob_match("models/*.sql", "models/staging/a.sql"));
    CHECK(glob_match("models/?.sql", "models/a.sql"));
    CHECK_FALSE(glob_match("models/?.sql", "models/ab.sql"));
    CHECK_FALSE(glob_match("a?b", "a/b"));
    CHECK(glob_match("*", "file"));
    CHECK_FALSE(glob_match("*", "dir/file"));
    CHECK(glob_match("", ""));
    CHECK_FALSE(glob_match("", "a"));
    CHECK(glob_match("a*", "a"));
}

TEST_CASE("a whole-segment double star spans segments, also none") {
    CHECK(glob_match("**/x.sql", "x.sql"));
    CHECK(glob_match("**/x.sql", "a/b/x.sql"));
    CHECK(glob_match("models/**/x.sql", "models/x.sql"));
    CHECK(glob_match("models/**/x.sql", "models/a/b/x.sql"));
    CHECK_FALSE(glob_match("models/**/x.sql", "seeds/a/x.sql"));
    CHECK(glob_match("models/**", "models/a/b.sql"));
    CHECK_FALSE(glob_match("models/**", "models"));
    CHECK(glob_match("**", "a/b/c"));
    CHECK(glob_match("**/*.sql", "a/b/c.sql"));
    CHECK_FALSE(glob_match("**/*.sql", "a/b/c.yml"));
    // Not a whole segment: an ordinary star.
    CHECK(glob_match("a**b", "axxb"));
    CHECK_FALSE(glob_match("a**b", "a/b"));
}

TEST_CASE("text globs let the star cross slashes") {
    const GlobSyntax text{false, false};
    CHECK(glob_match("stg_*", "stg_orders", text));
    CHECK(glob_match("models/*", "models/a/b.sql", text));
    CHECK(glob_match("a?c", "a/c", text));
    CHECK_FALSE(glob_match("stg_*", "int_orders", text));
}

TEST_CASE("escapes make wildcards literal when asked") {
    const GlobSyntax escaped{true, true};
    CHECK(glob_match("a\\*b", "a*b", escaped));
    CHECK_FALSE(glob_match("a\\*b", "axb", escaped));
    CHECK(glob_match("\\#notes", "#notes", escaped));
    CHECK(glob_match("a\\*b", "a\\xb")); // without escapes the backslash is a character
    CHECK_FALSE(has_wildcard("a\\*b", escaped));
    CHECK(has_wildcard("a\\*b"));
    CHECK_FALSE(has_wildcard("models/a.sql"));
}

TEST_CASE("a pattern made to backtrack is answered at once") {
    // Recursive matchers take exponential time here; the automaton takes pattern x text steps.
    std::string pattern;
    for (int i = 0; i < 40; ++i) {
        pattern += "*a";
    }
    pattern += "*b";
    std::string text(4000, 'a');
    CHECK_FALSE(glob_match(pattern, text));
    CHECK_FALSE(glob_match(pattern, text, GlobSyntax{false, false}));
    CHECK(glob_match(pattern, text + "b"));
}
