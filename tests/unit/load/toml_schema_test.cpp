#include "load/csv_header.hpp"
#include "load/document.hpp"
#include "load/schedule.hpp"
#include "load/schema.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::load;

namespace {

std::vector<std::string> headlines(const std::vector<core::Diagnostic>& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags) {
        out.push_back(d.headline());
    }
    return out;
}

Document yaml(const std::string& text, const std::string& file = "f.yml") {
    auto r = parse_yaml(text, file, {});
    REQUIRE(r.ok());
    return std::move(r).value();
}

} // namespace

TEST_CASE("TOML converts to JSON with locations", "[load][toml]") {
    auto r = parse_toml("[lint]\nrules = { ST003 = \"off\", SQ010 = \"error\" }\n[output]\nformat = \"json\"\n"
                        "color = \"never\"\n[cache]\ndir = \".cache\"\nwhen = 2024-01-02\n",
                        ".dpipe.toml", {});
    REQUIRE(r.ok());
    CHECK(r->root["lint"]["rules"]["SQ010"] == "error");
    CHECK(r->root["output"]["format"] == "json");
    CHECK(r->root["cache"]["when"] == "2024-01-02");
    CHECK(r->loc("/output/format").str() == ".dpipe.toml:4:10");
    CHECK(r->key_loc("/output/color").str() == ".dpipe.toml:5:1");
}

TEST_CASE("TOML errors and limits are located", "[load][toml]") {
    auto bad = parse_toml("[lint\n", "c.toml", {});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().headline().find("c.toml:1:6: error: TOML syntax error:") == 0);
    Limits limits;
    limits.max_depth = 3;
    auto deep = parse_toml("a.b.c.d.e = 1\n", "c.toml", limits);
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.error().code == "LD002");
    auto bin = parse_toml(std::string("a = 1\0", 6), "c.toml", {});
    REQUIRE_FALSE(bin.ok());
    CHECK(bin.error().code == "LD007");
}

TEST_CASE("dpipe.yaml schema: valid file, unknown keys, types and enums", "[load][schema]") {
    auto good = yaml("version: 1\nname: shop\ndialect: postgres\npaths: {models: [models]}\n"
                     "defaults: {owner: \"@acme/data\", materialized: view}\nvars: {start_date: \"2024-01-01\"}\n"
                     "environments:\n  dev: {schema: analytics_dev}\n  prod: {schema: analytics, promote_from: dev,"
                     " gates: {lint: true, tests: true, approvals: 1, freeze: [\"Fri 16:00-Mon 08:00\"]}}\n"
                     "test: {engine: auto, image: postgres:16-alpine, jobs: 4}\n"
                     "infrastructure: {terraform: {providers: [postgresql], out: infra/generated}, grants: lineage,"
                     " warehouse: {size: xs}}\nlint: {rules: {ST003: off, SQ010: error}}\n");
    CHECK(validate(good, SchemaId::DpipeYaml).empty());

    auto bad = yaml("version: 1\nname: shop\npaths: {modles: [m]}\ntest: {jobs: 0}\n");
    auto diags = validate(bad, SchemaId::DpipeYaml);
    REQUIRE(diags.size() == 2);
    CHECK(diags[0].headline() == "f.yml:3:9: error: unknown key 'modles' in 'paths' [LD011]");
    REQUIRE(!diags[0].notes.empty());
    CHECK(diags[0].notes[0] == "did you mean 'models'?");
    CHECK(diags[1].headline().find("f.yml:4:14: error: 'test.jobs'") == 0);

    auto missing = yaml("name: shop\n");
    CHECK(headlines(validate(missing, SchemaId::DpipeYaml)) ==
          std::vector<std::string>{"f.yml:1:1: error: missing required key 'version' in the document [LD013]"});
}

TEST_CASE("pipeline and properties schemas", "[load][schema]") {
    auto p = yaml("name: daily\nschedule: \"0 6 * * *\"\nsla: 2h\nsteps:\n  - name: a\n    select: x\n"
                  "  - {name: b, select: y, depends_on: [a], retries: 2}\n");
    CHECK(headlines(validate(p, SchemaId::Pipeline)) ==
          std::vector<std::string>{"f.yml:7:43: error: unknown key 'retries' in 'steps[1]' [LD011]"});

    auto props = yaml("version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: unique\n"
                      "    custom_key: kept\nexposures:\n  - name: e\n    type: dashbord\n");
    auto diags = headlines(validate(props, SchemaId::Properties));
    REQUIRE(diags.size() == 2);
    CHECK(diags[0] == "f.yml:6:16: error: 'models[0].columns[0].tests' must be a list, got string \"unique\" [LD012]");
    CHECK(diags[1].find("f.yml:10:11: error: 'exposures[0].type' must be one of: dashboard,") == 0);
}

TEST_CASE("cron schedules and durations", "[load][schedule]") {
    std::string why;
    std::size_t at = 0;
    CHECK(valid_cron("0 6 * * *", why, at));
    CHECK(valid_cron("*/15 0-23/2 1,15 JAN-jun mon-FRI", why, at));
    CHECK_FALSE(valid_cron("0 6 * *", why, at));
    CHECK(why.find("5 fields") != std::string::npos);
    CHECK_FALSE(valid_cron("0 6 32 * *", why, at));
    CHECK(at == 4);
    CHECK_FALSE(valid_cron("0 6 * * 8", why, at));
    CHECK_FALSE(valid_cron("*/0 * * * *", why, at));
    CHECK_FALSE(valid_cron("5-1 * * * *", why, at));
    CHECK(valid_duration("30m", why));
    CHECK(valid_duration("2h", why));
    CHECK(valid_duration("1d", why));
    CHECK_FALSE(valid_duration("0h", why));
    CHECK_FALSE(valid_duration("2 h", why));
    CHECK_FALSE(valid_duration("h", why));
    CHECK_FALSE(valid_duration("2w", why));
}

TEST_CASE("CSV headers: quoting, locations, errors", "[load][csv]") {
    auto header = parse_csv_header("id,\"full name\",\"say \"\"hi\"\"\", amount\r\n1,a,b,2\n", "seeds/s.csv");
    REQUIRE(header.ok());
    const auto& cols = header->columns;
    REQUIRE(cols.size() == 4);
    CHECK(cols[1].name == "full name");
    CHECK(cols[2].name == "say \"hi\"");
    CHECK(cols[3].name == "amount");
    CHECK(cols[3].loc.str() == "seeds/s.csv:1:29");
    CHECK(header->warnings.empty());
    CHECK(parse_csv_header("", "s.csv").error().headline() == "s.csv:1:1: error: seed CSV has no header row [LD023]");
    CHECK(parse_csv_header("\"a,b\n", "s.csv").error().code == "LD023");
    CHECK(parse_csv_header("\"a\"x,b\n", "s.csv").error().code == "LD023");
}

TEST_CASE("CSV headers: unnamed and repeated columns are named as dbt names them, with warnings", "[load][csv]") {
    auto header = parse_csv_header("a,,b,a,a,\n", "s.csv");
    REQUIRE(header.ok());
    std::vector<std::string> names;
    for (const auto& c : header->columns) {
        names.push_back(c.name);
    }
    CHECK(names == std::vector<std::string>{"a", "b", "b_2", "a_2", "a_3", "f"});
    REQUIRE(header->warnings.size() == 5);
    CHECK(header->warnings[0].headline() ==
          "s.csv:1:3: warning: empty column name in the CSV header; dbt names it 'b' [LD044]");
    CHECK(header->warnings[1].headline() ==
          "s.csv:1:4: warning: duplicate column 'b' in the CSV header; dbt renames it 'b_2' [LD044]");
    CHECK(header->warnings[2].headline() ==
          "s.csv:1:6: warning: duplicate column 'a' in the CSV header; dbt renames it 'a_2' [LD044]");
    // The 27th unnamed column is 'aa'.
    std::string wide(26, ',');
    auto many = parse_csv_header(wide + "\n", "s.csv");
    REQUIRE(many.ok());
    REQUIRE(many->columns.size() == 27);
    CHECK(many->columns[25].name == "z");
    CHECK(many->columns[26].name == "aa");
}
