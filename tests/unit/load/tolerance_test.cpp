// Parser limits and the dbt-tolerant reading of dbt's own files: what dbt accepts loads with a
// warning in dbt files, while dpipe's files stay strict.

#include "core/error.hpp"
#include "load/document.hpp"
#include "load/loader.hpp"

#include "load_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dpipe;
using load::testing::TempProject;

namespace {

load::LoadResult load_dir(const TempProject& t) { return load::load_worktree(t.root().string()); }

std::vector<std::string> headlines_with(const std::vector<core::Diagnostic>& diags, const std::string& code) {
    std::vector<std::string> out;
    for (const auto& d : diags) {
        if (d.code == code) {
            out.push_back(d.headline());
        }
    }
    return out;
}

std::string first_error(const TempProject& t) {
    for (const auto& d : load_dir(t).diagnostics) {
        if (d.severity == core::Severity::Error) {
            return d.headline();
        }
    }
    FAIL("expected the load to fail");
    return "";
}

} // namespace

TEST_CASE("duplicate keys: strict by default, a warning when tolerated", "[load][yaml][dbt]") {
    std::string text = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n";
    auto strict = load::parse_yaml(text, "f.yml", {});
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.error().headline() == "f.yml:5:3: error: duplicate key 'x' (first at line 3) [LD005]");

    load::ParseOptions tolerant;
    tolerant.tolerate_duplicate_keys = true;
    auto r = load::parse_yaml(text, "f.yml", {}, tolerant);
    REQUIRE(r.ok());
    // The later value wins and keeps the first key's position, as PyYAML does.
    CHECK(r->root["b"].dump() == R"({"x":3,"y":2})");
    CHECK(r->loc("/b/x").str() == "f.yml:5:6");
    CHECK(r->loc("/b/y").str() == "f.yml:4:6");
    REQUIRE(r->warnings.size() == 1);
    CHECK(r->warnings[0].headline() ==
          "f.yml:5:3: warning: duplicate key 'x' (first at line 3); the later value is used, as dbt does [LD040]");
}

TEST_CASE("a mapping with 300k keys parses (the duplicate check is linear)", "[load][yaml]") {
    std::string text;
    text.reserve(300'000 * 16);
    for (int i = 0; i < 300'000; ++i) {
        text += "key_";
        text += std::to_string(i);
        text += ": ";
        text += std::to_string(i);
        text += '\n';
    }
    auto r = load::parse_yaml(text, "big.yml", {});
    REQUIRE(r.ok());
    CHECK(r->root.size() == 300'000);
    CHECK(r->loc("/key_299999").str() == "big.yml:300000:13");
    auto dup = load::parse_yaml(text + "key_7: 1\n", "big.yml", {});
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().headline() == "big.yml:300001:1: error: duplicate key 'key_7' (first at line 8) [LD005]");
}

TEST_CASE("an unterminated quoted scalar at the end of the file is an error", "[load][yaml]") {
    for (const char* text : {"a: \"abc", "a: 'abc", "a: \"abc\n", "a: [\"x\", \"y"}) {
        INFO(text);
        auto r = load::parse_yaml(text, "f.yml", {});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "LD001");
        CHECK(r.error().loc.line >= 1);
    }
}

TEST_CASE("alias bombs are stopped by the node budget, counting expansions", "[load][yaml]") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) {
            bomb += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
        }
        bomb += "]\n";
    }
    auto r = load::parse_yaml(bomb, "f.yml", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "LD003");
}

TEST_CASE("a dotted TOML key deeper than the limit is a located error, not a crash", "[load][toml]") {
    std::string key = "a";
    for (int i = 0; i < 50'000; ++i) {
        key += ".a";
    }
    auto r = load::parse_toml("[output]\nformat = \"json\"\n" + key + " = 1\n", ".dpipe.toml", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "LD002");
    CHECK(r.error().loc.str() == ".dpipe.toml:3:1");
    auto header = load::parse_toml("[" + key + "]\nx = 1\n", ".dpipe.toml", {});
    REQUIRE_FALSE(header.ok());
    CHECK(header.error().code == "LD002");
    // Dots inside strings and values do not count.
    auto fine = load::parse_toml("x = \"" + key + "\"\ny = 1.5\n# " + key + "\n", ".dpipe.toml", {});
    CHECK(fine.ok());
}

TEST_CASE("check_json_limits refuses deep or huge JSON without recursion", "[load]") {
    core::Json deep = 1;
    for (int i = 0; i < 40'000; ++i) {
        core::Json wrap = core::Json::object();
        wrap["a"] = std::move(deep);
        deep = std::move(wrap);
    }
    auto r = load::check_json_limits(deep, {}, {"--vars", 1, 1});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().headline() == "--vars:1:1: error: nesting deeper than 64 levels [LD002]");
    CHECK(load::check_json_limits(core::Json::parse(R"({"a": {"b": [1, 2]}})"), {}, {"--vars", 1, 1}).ok());
    load::Limits small;
    small.max_nodes = 3;
    CHECK_FALSE(load::check_json_limits(core::Json::parse("[1, 2, 3, 4]"), small, {"--vars", 1, 1}).ok());
    // Release the deep value level by level: its destructor would recurse as deeply.
    while (deep.is_object()) {
        core::Json inner = std::move(deep["a"]);
        deep = std::move(inner);
    }
}

TEST_CASE("dbt files tolerate duplicate keys, dpipe's own files do not", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\nprofile: shop\nname: shop2\n");
    t.write("models/a.sql", "select 1\n");
    t.write("models/a.yml", "version: 2\nmodels:\n  - name: a\n    description: first\n    description: second\n");
    auto r = load_dir(t);
    CHECK(r.project.name == "shop2");
    CHECK(r.project.find_model("a")->description == "second");
    CHECK(headlines_with(r.diagnostics, "LD040") ==
          std::vector<std::string>{
              "dbt_project.yml:3:1: warning: duplicate key 'name' (first at line 1); the later value is used, as dbt "
              "does [LD040]",
              "models/a.yml:5:5: warning: duplicate key 'description' (first at line 4); the later value is used, "
              "as dbt does [LD040]"});

    t.write("dpipe.yaml", "version: 1\nname: x\nname: y\n");
    CHECK(first_error(t) == "dpipe.yaml:3:1: error: duplicate key 'name' (first at line 2) [LD005]");
    t.write("dpipe.yaml", "version: 1\nname: x\n");
    t.write("pipelines/daily.yaml", "name: daily\nname: again\nsteps: []\n");
    CHECK(first_error(t) == "pipelines/daily.yaml:2:1: error: duplicate key 'name' (first at line 1) [LD005]");
}

TEST_CASE("a column declared twice is merged with a warning, as dbt does", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\n");
    t.write("models/a.sql", "select 1 as id\n");
    t.write("models/a.yml", "version: 2\nmodels:\n  - name: a\n    columns:\n"
                            "      - name: id\n        description: first\n        tests: [unique]\n"
                            "      - name: id\n        data_type: int\n        description: second\n"
                            "        tests: [not_null]\n");
    auto r = load_dir(t);
    const core::Model* m = r.project.find_model("a");
    REQUIRE(m);
    REQUIRE(m->columns.size() == 1);
    CHECK(m->columns[0].description == "second");
    CHECK(m->columns[0].data_type == "int");
    CHECK(m->columns[0].loc.line == 5);
    CHECK(m->tests.size() == 2);
    CHECK(headlines_with(r.diagnostics, "LD041") ==
          std::vector<std::string>{"models/a.yml:8:15: warning: column 'id' is declared twice (first at line 5); the "
                                   "later entry is merged over the earlier one, as dbt does [LD041]"});
}

TEST_CASE("seed columns differing only in case load with a warning", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\n");
    t.write("seeds/people.csv", "id,Name,name\n1,a,b\n");
    auto r = load_dir(t);
    REQUIRE(r.project.seeds.size() == 1);
    CHECK(r.project.seeds[0].columns.size() == 3);
    auto w = headlines_with(r.diagnostics, "LD042");
    REQUIRE(w.size() == 1);
    CHECK(w[0].find("seeds/people.csv:1:9: warning: column 'name' differs from column 'Name' only in case") == 0);
}

TEST_CASE("unknown keys load in dbt property files and fail in dpipe.yaml", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\n");
    t.write("models/a.sql", "select 1\n");
    t.write("models/a.yml", "version: 2\nmodels:\n  - name: a\n    frobnicate: true\n");
    auto r = load_dir(t);
    REQUIRE(r.project.find_model("a"));
    CHECK(headlines_with(r.diagnostics, "LD011").empty());

    t.write("dpipe.yaml", "version: 1\nname: shop\nfrobnicate: true\n");
    CHECK(first_error(t) == "dpipe.yaml:3:1: error: unknown key 'frobnicate' [LD011]");
}
