// Config values that are out of range or malformed: located diagnostics naming what is accepted.

#include "load/env_refs.hpp"
#include "load/loader.hpp"
#include "load/schedule.hpp"
#include "util/redact.hpp"

#include "load_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace dpipe;
using load::testing::TempProject;

namespace {

load::LoadResult load_dir(const TempProject& t) { return load::load_worktree(t.root().string()); }

// The diagnostics with `code`, as "file:line:col: severity: message [code]" headlines.
std::vector<std::string> with_code(const load::LoadResult& r, const std::string& code) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
        UNSCOPED_INFO(d.headline());
    }
    for (const auto& d : r.diagnostics) {
        if (d.code == code) {
            out.push_back(d.headline());
        }
    }
    return out;
}

const core::Diagnostic* first(const load::LoadResult& r, const std::string& code) {
    for (const auto& d : r.diagnostics) {
        if (d.code == code) {
            return &d;
        }
    }
    return nullptr;
}

const std::string k_dbt_project = "name: shop\nversion: '1.0'\nprofile: shop\n";

} // namespace

TEST_CASE("unknown materializations in dbt files are located warnings naming the accepted values",
          "[load][config]") {
    TempProject t;
    t.write("dbt_project.yml", k_dbt_project +
                                   "models:\n  shop:\n    +materialized: view\n    staging:\n"
                                   "      +materialized: tabel\n    marts:\n      +materialized: my_mat\n");
    t.write("models/staging/a.sql", "select 1\n");
    t.write("models/marts/b.sql", "select 1\n");
    t.write("models/_props.yml", "version: 2\nmodels:\n  - name: a\n    config:\n      materialized: incremental\n"
                                 "  - name: b\n    config: {materialized: \"{{ var('m') }}\"}\n");
    t.write("macros/my_mat.sql", "{%- materialization my_mat, adapter='postgres' -%}\n{%- endmaterialization -%}\n");
    auto r = load_dir(t);
    CHECK_FALSE(r.has_errors());
    auto w = with_code(r, "LD043");
    REQUIRE(w.size() == 1);
    CAPTURE(w[0]);
    CHECK(w[0].rfind("dbt_project.yml:8:22: warning: unknown materialization 'tabel' (accepted: view, table, "
                     "incremental, ephemeral, materialized_view, snapshot, seed, test, my_mat",
                     0) == 0);
    const core::Diagnostic* d = first(r, "LD043");
    REQUIRE(d != nullptr);
    REQUIRE_FALSE(d->notes.empty());
    CHECK(d->notes[0] == "did you mean 'table'?");

    // In a property file too; a custom materialization from a package's macros is accepted.
    TempProject u;
    u.write("dbt_project.yml", k_dbt_project);
    u.write("models/a.sql", "select 1\n");
    u.write("models/_props.yml", "version: 2\nmodels:\n  - name: a\n    config:\n      materialized: viewz\n");
    auto r2 = load_dir(u);
    auto w2 = with_code(r2, "LD043");
    REQUIRE(w2.size() == 1);
    CHECK(w2[0].rfind("models/_props.yml:5:21: warning: unknown materialization 'viewz'", 0) == 0);
}

TEST_CASE("defaults.materialized in dpipe.yaml must be a known materialization", "[load][config]") {
    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\ndefaults:\n  materialized: tabel\n");
    auto r = load_dir(t);
    REQUIRE(r.has_errors());
    const core::Diagnostic* d = first(r, "LD012");
    REQUIRE(d != nullptr);
    CHECK(d->loc.str() == "dpipe.yaml:4:17");
    CHECK(d->message.find("view, table, incremental, ephemeral, materialized_view") != std::string::npos);
}

TEST_CASE("+enabled must be a boolean or Jinja", "[load][config]") {
    TempProject t;
    t.write("dbt_project.yml", k_dbt_project +
                                   "models:\n  shop:\n    +enabled: true\n    staging:\n      +enabled: \"no\"\n"
                                   "    marts:\n      enabled: \"{{ target.name == 'prod' }}\"\n"
                                   "    legacy:\n      +enabled: 'false'\n");
    t.write("models/staging/a.sql", "select 1\n");
    auto r = load_dir(t);
    REQUIRE(r.has_errors());
    auto e = with_code(r, "LD012");
    REQUIRE(e.size() == 2);
    CHECK(e[0] == "dbt_project.yml:8:17: error: 'models.shop.staging.+enabled' must be true or false, got 'no' "
                  "(dbt accepts only a boolean or a Jinja expression rendering to one) [LD012]");
    CHECK(e[1].rfind("dbt_project.yml:12:17: error: 'models.shop.legacy.+enabled' must be true or false, got 'false'",
                     0) == 0);

    TempProject u;
    u.write("dbt_project.yml", k_dbt_project);
    u.write("models/a.sql", "select 1\n");
    u.write("models/_props.yml", "version: 2\nmodels:\n  - name: a\n    config:\n      enabled: 1\n");
    auto r2 = load_dir(u);
    auto e2 = with_code(r2, "LD012");
    REQUIRE(e2.size() == 1);
    CHECK(e2[0].rfind("models/_props.yml:5:16: error: 'models[0].config.enabled' must be true or false, got 1", 0) == 0);
}

TEST_CASE("Model::enabled does not take strings as true", "[load][config]") {
    core::Model m;
    CHECK(m.enabled());
    m.config["enabled"] = false;
    CHECK_FALSE(m.enabled());
    m.config["enabled"] = "False"; // rendered Jinja
    CHECK_FALSE(m.enabled());
    m.config["enabled"] = "{{ var('on') }}"; // not rendered yet
    CHECK(m.enabled());
}

TEST_CASE("project names must be identifiers", "[load][config]") {
    TempProject t;
    t.write("dbt_project.yml", "name: \"\"\n");
    auto r = load_dir(t);
    auto e = with_code(r, "LD012");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "dbt_project.yml:1:7: error: the project name is empty: it must be an identifier (letters, "
                  "digits and '_', not starting with a digit) [LD012]");

    TempProject u;
    u.write("dpipe.yaml", "version: 1\nname: my-shop\n");
    auto r2 = load_dir(u);
    auto e2 = with_code(r2, "LD012");
    REQUIRE(e2.size() == 1);
    CHECK(e2[0].rfind("dpipe.yaml:2:7: error: invalid project name 'my-shop': it must be an identifier", 0) == 0);

    TempProject v;
    v.write("dpipe.yaml", "version: 1\nname: \"\"\n");
    REQUIRE(load_dir(v).has_errors());
}

TEST_CASE("freeze windows parse and bad ones are located errors", "[load][config][freeze]") {
    core::FreezeWindow w;
    std::string why;
    std::size_t offset = 0;
    REQUIRE(load::parse_freeze_window("Fri 16:00-Mon 08:00", w, why, offset));
    CHECK(w.start_day == 4);
    CHECK(w.start_minute == 16 * 60);
    CHECK(w.end_day == 0);
    CHECK(w.end_minute == 8 * 60);
    CHECK(w.contains(4, 16 * 60));
    CHECK(w.contains(6, 12 * 60));
    CHECK(w.contains(0, 7 * 60 + 59));
    CHECK_FALSE(w.contains(0, 8 * 60));
    CHECK_FALSE(w.contains(2, 12 * 60));
    REQUIRE(load::parse_freeze_window("sunday 23:00 - monday 1:30", w, why, offset));
    CHECK(w.start_day == 6);
    CHECK(w.end_minute == 90);
    REQUIRE(load::parse_freeze_window("22:00-06:00", w, why, offset));
    CHECK(w.start_day == -1);
    CHECK(w.contains(3, 23 * 60));
    CHECK(w.contains(3, 5 * 60));
    CHECK_FALSE(w.contains(3, 12 * 60));

    CHECK_FALSE(load::parse_freeze_window("Fry 16:00-Mon 08:00", w, why, offset));
    CHECK(why == "'Fry' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    CHECK_FALSE(load::parse_freeze_window("Fri 24:00-Mon 08:00", w, why, offset));
    CHECK(why == "'24:00' is not a time HH:MM (00:00-23:59)");
    CHECK_FALSE(load::parse_freeze_window("Fri 16:00 Mon 08:00", w, why, offset));
    CHECK_FALSE(load::parse_freeze_window("Fri 16:00-08:00", w, why, offset));
    CHECK_FALSE(load::parse_freeze_window("Mon 08:00-Mon 08:00", w, why, offset));
    CHECK_FALSE(load::parse_freeze_window("", w, why, offset));
    CHECK_FALSE(load::parse_freeze_window("Fri 16:60-Mon 08:00", w, why, offset));
    CHECK_FALSE(load::parse_freeze_window("Fri 16:00-Mon 08:00 extra", w, why, offset));

    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  dev: {}\n  prod:\n    promote_from: dev\n"
                          "    gates:\n      max_test_age: 24x\n      freeze:\n        - \"Fri 16:00-Mon 08:00\"\n"
                          "        - \"Sat 25:00-Sun 01:00\"\n");
    auto r = load_dir(t);
    auto e = with_code(r, "LD034");
    REQUIRE(e.size() == 1);
    CHECK(e[0] == "dpipe.yaml:11:11: error: invalid freeze window 'Sat 25:00-Sun 01:00': '25:00' is not a time "
                  "HH:MM (00:00-23:59) [LD034]");
    const core::Diagnostic* d = first(r, "LD034");
    REQUIRE(d->notes.size() == 1);
    CHECK(d->notes[0].find("'Fri 16:00-Mon 08:00'") != std::string::npos);
    auto dur = with_code(r, "LD031");
    REQUIRE(dur.size() == 1);
    CHECK(dur[0] == "dpipe.yaml:8:21: error: invalid duration: '24x' is not a duration like 30m, 2h or 1d [LD031]");
    REQUIRE(r.project.environments.size() == 2);
    CHECK(r.project.environments[1].freeze.size() == 1);
}

TEST_CASE("promote_from names another environment without cycles", "[load][config]") {
    TempProject ok;
    ok.write("dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  dev: {}\n  staging: {promote_from: dev}\n"
                           "  prod: {promote_from: staging}\n");
    auto r = load_dir(ok);
    CHECK_FALSE(r.has_errors());

    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  a: {promote_from: c}\n  b: {promote_from: a}\n"
                          "  c: {promote_from: b}\n  d: {promote_from: d}\n");
    auto r2 = load_dir(t);
    auto e = with_code(r2, "LD035");
    REQUIRE(e.size() == 2);
    CHECK(e[0] == "dpipe.yaml:6:21: error: promote_from forms a cycle: c promotes from b, b promotes from a, "
                  "a promotes from c [LD035]");
    CHECK(e[1] == "dpipe.yaml:7:21: error: environment 'd' promotes from itself [LD035]");
}

TEST_CASE("${env:NAME} references: malformed ones are errors, unset ones warnings at load", "[load][config][env]") {
    ::setenv("DPIPE_CFG_TEST_HOST", "db.internal", 1);
    ::setenv("DPIPE_CFG_TEST_PASSWORD", "hunter2-secret", 1);
    ::unsetenv("DPIPE_CFG_TEST_UNSET");
    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\nenvironments:\n  prod:\n    connection:\n"
                          "      host: ${env:DPIPE_CFG_TEST_HOST}\n"
                          "      password: \"${env:DPIPE_CFG_TEST_PASSWORD}\"\n"
                          "      user: ${env:DPIPE_CFG_TEST_UNSET}\n"
                          "      note: \"costs $${env:X}\"\n"
                          "    variables:\n      a: ${env:}\n      b: ${env:1BAD}\n      c: ${env:X\n"
                          "      d: ${nope:X}\n");
    auto r = load_dir(t);
    auto bad = with_code(r, "LD036");
    REQUIRE(bad.size() == 4);
    CHECK(bad[0].rfind("dpipe.yaml:11:10: error: in 'environments.prod.variables.a': invalid environment variable "
                       "name ''",
                       0) == 0);
    CHECK(bad[2].rfind("dpipe.yaml:13:10: error: in 'environments.prod.variables.c': unterminated '${'", 0) == 0);
    CHECK(bad[3].rfind("dpipe.yaml:14:10: error: in 'environments.prod.variables.d': unsupported reference", 0) == 0);
    auto unset = with_code(r, "LD037");
    REQUIRE(unset.size() == 1);
    CHECK(unset[0] == "dpipe.yaml:8:13: warning: environment variable DPIPE_CFG_TEST_UNSET is not set [LD037]");

    REQUIRE(r.project.environments.size() == 1);
    const auto& env = r.project.environments[0];
    CHECK(env.extra["connection"]["host"] == "${env:DPIPE_CFG_TEST_HOST}");
    CHECK(env.extra_resolved["connection"]["host"] == "db.internal");
    CHECK(env.extra_resolved["connection"]["password"] == "hunter2-secret");
    CHECK(env.extra_resolved["connection"]["user"] == "${env:DPIPE_CFG_TEST_UNSET}");
    CHECK(env.extra_resolved["connection"]["note"] == "costs ${env:X}");
    CHECK(util::redact("pw=hunter2-secret") == "pw=" + std::string(util::k_redacted));
}

TEST_CASE("resolve_env_refs reports located errors where a value is needed", "[load][config][env]") {
    ::unsetenv("DPIPE_CFG_TEST_UNSET");
    ::setenv("DPIPE_CFG_TEST_TOKEN", "tok-123456", 1);
    std::vector<core::Diagnostic> sink;
    auto v = load::resolve_env_refs("Bearer ${env:DPIPE_CFG_TEST_TOKEN}", sink, {"dpipe.yaml", 3, 5});
    REQUIRE(v.has_value());
    CHECK(*v == "Bearer tok-123456");
    CHECK(sink.empty());
    CHECK_FALSE(load::resolve_env_refs("${env:DPIPE_CFG_TEST_UNSET}", sink, {"dpipe.yaml", 3, 5}).has_value());
    REQUIRE(sink.size() == 1);
    CHECK(sink[0].headline() == "dpipe.yaml:3:5: error: environment variable DPIPE_CFG_TEST_UNSET is not set [LD037]");
    CHECK_FALSE(load::resolve_env_refs("${env:A", sink, {"dpipe.yaml", 4, 1}, core::Severity::Warning).has_value());
    REQUIRE(sink.size() == 2);
    CHECK(sink[1].severity == core::Severity::Error);
    CHECK(sink[1].code == "LD036");
}
