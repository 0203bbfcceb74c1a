// Versions and constraint ranges as dbt's package resolution uses them.

#include "deps/semver.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::deps;

namespace {

Version v(const char* text) {
    auto parsed = Version::parse(text);
    REQUIRE(parsed);
    return *parsed;
}

VersionRange range(std::initializer_list<const char*> constraints) {
    VersionRange r;
    for (const char* c : constraints) {
        auto one = VersionRange::parse_constraint(c);
        REQUIRE(one.ok());
        auto both = r.intersect(*one);
        REQUIRE(both);
        r = *both;
    }
    return r;
}

} // namespace

TEST_CASE("versions parse and order by semver precedence") {
    CHECK(v("1.2.3").str() == "1.2.3");
    CHECK(v("1.0.0-rc.1+build.5").prerelease == "rc.1");
    CHECK_FALSE(Version::parse("1.2"));
    CHECK_FALSE(Version::parse("01.2.3"));
    CHECK_FALSE(Version::parse("1.2.x"));
    CHECK_FALSE(Version::parse("1.2.3-"));
    CHECK(compare(v("1.2.3"), v("1.10.0")) < 0);
    CHECK(compare(v("1.0.0-rc.1"), v("1.0.0")) < 0);
    CHECK(compare(v("1.0.0-alpha"), v("1.0.0-alpha.1")) < 0);
    CHECK(compare(v("1.0.0-alpha.2"), v("1.0.0-alpha.10")) < 0);
    CHECK(compare(v("1.0.0-1"), v("1.0.0-alpha")) < 0);
    CHECK(compare(v("1.0.0+a"), v("1.0.0+b")) == 0);
}

TEST_CASE("constraints intersect into one range") {
    VersionRange r = range({">=1.0.0", "<2.0.0"});
    CHECK(r.contains(v("1.0.0")));
    CHECK(r.contains(v("1.9.9")));
    CHECK_FALSE(r.contains(v("2.0.0")));
    CHECK_FALSE(r.contains(v("0.9.0")));
    CHECK(r.str() == ">=1.0.0, <2.0.0");

    VersionRange narrower = range({">=1.0.0", "<2.0.0", ">1.2.0", "<=1.5.0"});
    CHECK(narrower.str() == ">1.2.0, <=1.5.0");
    CHECK(range({"1.3.0"}).is_exact());
    CHECK(range({"=1.3.0", ">=1.0.0"}).str() == "=1.3.0");
    CHECK(VersionRange{}.str() == "any");
}

TEST_CASE("incompatible constraints have no intersection") {
    auto a = VersionRange::parse_constraint(">=2.0.0");
    auto b = VersionRange::parse_constraint("<2.0.0");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK_FALSE(a->intersect(*b));
    auto c = VersionRange::parse_constraint("1.0.0");
    auto d = VersionRange::parse_constraint("1.0.1");
    CHECK_FALSE(c->intersect(*d));
    CHECK(a->intersect(*VersionRange::parse_constraint("<=2.0.0")));
}

TEST_CASE("bad constraints are refused with their text") {
    auto r = VersionRange::parse_constraint("~>1.0");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "'~>1.0' is not a version or a version constraint (such as \">=1.0.0\")");
    CHECK_FALSE(VersionRange::parse_constraint(">=").ok());
}

TEST_CASE("the highest fitting version wins and prereleases wait to be asked for") {
    std::vector<Version> available = {v("0.9.0"), v("1.0.0"), v("1.4.2"), v("1.5.0-rc.1"),
                                      v("2.0.0")};
    auto r = range({">=1.0.0", "<2.0.0"});
    CHECK(pick_highest(r, available, false)->str() == "1.4.2");
    CHECK(pick_highest(r, available, true)->str() == "1.5.0-rc.1");
    CHECK(pick_highest(range({"1.5.0-rc.1"}), available, false)->str() == "1.5.0-rc.1");
    CHECK_FALSE(pick_highest(range({">=3.0.0"}), available, false));
    CHECK(pick_highest(VersionRange{}, available, false)->str() == "2.0.0");
}
