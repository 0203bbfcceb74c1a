// The profile's target reaches rendering: relations in its schema, `target.*` in Jinja.

#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include "project_test_support.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::project_test;

namespace {

util::MemorySource project_with_profile() {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\nprofile: shop\n");
    src.add("profiles.yml", "shop:\n  target: dev\n  outputs:\n"
                            "    dev: {type: snowflake, schema: dbt_me, database: raw_db, threads: 3}\n"
                            "    prod: {type: snowflake, schema: analytics_prod}\n");
    src.add("models/a.sql", "select '{{ target.name }}|{{ target.schema }}|{{ target.type }}|{{ target.database }}|"
                            "{{ target.profile_name }}|{{ target.threads }}' as t\n");
    src.add("models/b.sql", "select t from {{ ref('a') }}\n");
    return src;
}

} // namespace

TEST_CASE("the profile's target gives the schema ref() renders into and what target shows", "[project][target]") {
    util::MemorySource src = project_with_profile();
    project::Request req;
    req.source = &src;
    req.root = "/shop";
    SECTION("the profile's default target") {
        auto s = project::build(req);
        CHECK_FALSE(s.has_errors());
        CHECK(s.schema == "dbt_me");
        CHECK(s.project.dialect == "snowflake");
        CHECK(model(s, "a").rendered.sql.find("'dev|dbt_me|snowflake|raw_db|shop|3'") != std::string::npos);
        CHECK(model(s, "b").rendered.sql == "select t from \"dbt_me\".\"a\"");
    }
    SECTION("--target prod") {
        req.target = "prod";
        auto s = project::build(req);
        CHECK(s.schema == "analytics_prod");
        CHECK(model(s, "a").rendered.sql.find("'prod|analytics_prod|snowflake||shop|1'") != std::string::npos);
    }
    SECTION("a dpipe.yaml environment's schema wins over the profile's") {
        src.add("dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  dev: {schema: from_dpipe}\n");
        auto s = project::build(req);
        CHECK(s.schema == "from_dpipe");
    }
}

TEST_CASE("without a profile the target is dev with the dialect as its type", "[project][target]") {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\n");
    src.add("models/a.sql", "select '{{ target.name }}|{{ target.type }}|{{ target.profile_name }}' as t\n");
    project::Request req;
    req.source = &src;
    req.root = "/shop";
    auto s = project::build(req);
    CHECK(s.schema == "analytics");
    CHECK(model(s, "a").rendered.sql.find("'dev|postgres|shop'") != std::string::npos);
}
