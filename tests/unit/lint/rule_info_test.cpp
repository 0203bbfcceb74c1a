// What every registered rule tells about itself, which its generated documentation and the SARIF
// rule metadata are made of. (The rules' fixtures run in tests/lint/run_fixtures.py.)

#include "lint/registry.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace dpipe;

TEST_CASE("every rule has a unique code and kebab-case name, a summary, and examples when it is about code") {
    std::set<std::string> codes;
    std::set<std::string> names;
    for (const auto& r : lint::all_rules()) {
        const auto& i = r->info();
        INFO(i.code);
        CHECK(i.code.size() == 5);
        CHECK(codes.insert(i.code).second);
        CHECK(names.insert(i.name).second);
        CHECK(i.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
        REQUIRE_FALSE(i.summary.empty());
        CHECK(i.summary.back() != '.');
        const std::string family = i.code.substr(0, 2);
        if (family == "SQ" || family == "ST" || family == "SC") {
            // Code rules show the code: an example of the anti-pattern and of its fix.
            CHECK(i.anti_pattern.find("```") != std::string::npos);
            CHECK(i.best_practice.find("```") != std::string::npos);
        }
    }
    CHECK(codes.size() >= 45);
}
