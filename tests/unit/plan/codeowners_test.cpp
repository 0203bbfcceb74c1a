#include "plan/codeowners.hpp"

#include <catch2/catch.hpp>

using dpipe::plan::Codeowners;
using dpipe::plan::codeowners_match;

TEST_CASE("codeowners patterns follow GitHub's rules") {
    CHECK(codeowners_match("*", "models/a.sql"));
    CHECK(codeowners_match("*.sql", "models/staging/a.sql"));
    CHECK_FALSE(codeowners_match("*.sql", "models/a.yml"));
    // A leading slash anchors at the root; a directory owns everything below it.
    CHECK(codeowners_match("/models/", "models/staging/a.sql"));
    CHECK_FALSE(codeowners_match("/models/", "warehouse/models/a.sql"));
    CHECK(codeowners_match("/build/logs", "build/logs/x/y.log"));
    // Without a slash (other than a trailing one) a pattern matches at any depth.
    CHECK(codeowners_match("apps/", "x/apps/y/z.sql"));
    CHECK(codeowners_match("marts", "models/marts/orders.sql"));
    // A slash inside anchors: docs/* matches direct files only.
    CHECK(codeowners_match("docs/*", "docs/a.md"));
    CHECK_FALSE(codeowners_match("docs/*", "docs/build/a.md"));
    CHECK_FALSE(codeowners_match("docs/*", "x/docs/a.md"));
    // ** crosses segments.
    CHECK(codeowners_match("**/logs", "a/b/logs/x.txt"));
    CHECK(codeowners_match("/models/**/stg_*.sql", "models/a/b/stg_x.sql"));
    CHECK(codeowners_match("/models/**/stg_*.sql", "models/stg_x.sql"));
    CHECK_FALSE(codeowners_match("/models/**/stg_*.sql", "models/a/x.sql"));
    CHECK(codeowners_match("a?c.sql", "abc.sql"));
}

TEST_CASE("the last matching codeowners rule wins, and a rule without owners unowns") {
    auto rules = Codeowners::parse("# comment\n"
                                   "*  @acme/data   # everyone\n"
                                   "/models/marts/ @acme/finance jane@example.com\n"
                                   "/models/marts/scratch/\n"
                                   "\\#odd @x\n");
    CHECK(rules.rules().size() == 4);
    CHECK(rules.owners_of("models/stg.sql") == std::vector<std::string>{"@acme/data"});
    const dpipe::plan::CodeownersRule* rule = nullptr;
    CHECK(rules.owners_of("models/marts/orders.sql", &rule) ==
          std::vector<std::string>{"@acme/finance", "jane@example.com"});
    REQUIRE(rule != nullptr);
    CHECK(rule->line == 3);
    CHECK(rules.owners_of("models/marts/scratch/x.sql").empty());
    CHECK(rules.owners_of("#odd") == std::vector<std::string>{"@x"});
}
