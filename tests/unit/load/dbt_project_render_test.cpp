// dbt_project.yml read as dbt reads it: Jinja rendered with dbt's context, every path key,
// project-scoped vars, keys dpipe does not use accepted.

#include "load/loader.hpp"
#include "util/file_source.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace dpipe;

namespace {

using Files = std::map<std::string, std::string>;
using EnvMap = std::map<std::string, std::string>;

load::LoadResult load_memory(const util::MemorySource& source, load::LoadOptions options = {},
                             EnvMap env = {}) {
    options.source = &source;
    options.root = "/project";
    options.env = [env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return load::load_project(options);
}

std::vector<std::string> headlines(const load::LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
        out.push_back(d.headline());
    }
    return out;
}

const core::Model* model(const load::LoadResult& r, const std::string& name) {
    return r.project.find_model(name);
}

} // namespace

TEST_CASE("dbt_project.yml paths may use env_var, with and without a default", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nmodel-paths: [\"{{ env_var('SHOP_SRC') }}/models\"]\n"
                            "seed-paths: [\"{{ env_var('SHOP_SEEDS', 'data') }}\"]\n"},
        {"src/models/a.sql", "select 1\n"},
        {"data/s.csv", "id\n1\n"},
    });
    auto r = load_memory(source, {}, {{"SHOP_SRC", "src"}});
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    CHECK(r.project.model_paths == std::vector<std::string>{"src/models"});
    CHECK(r.project.seed_paths == std::vector<std::string>{"data"});
    CHECK(model(r, "a") != nullptr);
    CHECK(r.project.find_seed("s") != nullptr);
}

TEST_CASE("a missing env var in dbt_project.yml is an error located in the file, and the project still loads",
          "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nmodels:\n  shop:\n    +schema: \"{{ env_var('NO_SUCH_VAR') }}\"\n"},
        {"models/a.sql", "select 1\n"},
    });
    auto r = load_memory(source);
    CHECK(r.has_errors());
    CHECK_FALSE(r.config_failed);
    CHECK(model(r, "a") != nullptr);
    bool found = false;
    for (const auto& d : r.diagnostics) {
        if (d.code == "TP006") {
            found = true;
            CHECK(d.loc.file == "dbt_project.yml");
            CHECK(d.loc.line == 4);
            CHECK(d.loc.col == 18); // where env_var( starts, inside the quotes
        }
    }
    CHECK(found);
}

TEST_CASE("+enabled, +schema and +materialized render with var(), env_var() and target", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nvars:\n  enable_b: false\nmodels:\n  shop:\n"
                            "    +materialized: \"{{ 'table' if target.name == 'prod' else 'view' }}\"\n"
                            "    +schema: \"{{ env_var('SHOP_SCHEMA', 'fallback') }}\"\n"
                            "    b:\n      +enabled: \"{{ var('enable_b', true) }}\"\n"},
        {"models/a.sql", "select 1\n"},
        {"models/b.sql", "select 1\n"},
    });
    SECTION("var() sees only --vars, as in dbt: project vars are not known yet") {
        auto r = load_memory(source, {}, {{"SHOP_SCHEMA", "custom"}});
        INFO(Catch::Detail::stringify(headlines(r)));
        CHECK_FALSE(r.has_errors());
        REQUIRE(model(r, "b") != nullptr);
        CHECK(model(r, "b")->config["enabled"] == true);
        CHECK(model(r, "b")->enabled());
        CHECK(model(r, "a")->config["schema"] == "custom");
        CHECK(model(r, "a")->config["materialized"] == "view");
    }
    SECTION("--vars and --target") {
        load::LoadOptions o;
        o.cli_vars = {{"enable_b", false}};
        o.target = "prod";
        auto r = load_memory(source, o);
        INFO(Catch::Detail::stringify(headlines(r)));
        REQUIRE(model(r, "b") != nullptr);
        CHECK(model(r, "b")->config["enabled"] == false);
        CHECK_FALSE(model(r, "b")->enabled());
        CHECK(model(r, "a")->config["schema"] == "fallback");
        CHECK(model(r, "a")->config["materialized"] == "table");
    }
}

TEST_CASE("vars and hooks in dbt_project.yml are not rendered at load time", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nvars:\n  raw: \"{{ env_var('NOT_SET_AT_ALL') }}\"\n"
                            "on-run-start: [\"{{ undefined_macro() }}\"]\nmodels:\n  shop:\n"
                            "    +post-hook: \"grant select on {{ this }} to role x\"\n"},
        {"models/a.sql", "select 1\n"},
    });
    auto r = load_memory(source);
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    CHECK(r.project.vars["raw"] == "{{ env_var('NOT_SET_AT_ALL') }}");
    CHECK(model(r, "a")->config["post-hook"] == "grant select on {{ this }} to role x");
}

TEST_CASE("every dbt path key is read, legacy spellings too", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nsource-paths: [legacy_models]\ndata-paths: [legacy_seeds]\n"
                            "test-paths: [checks]\nmacro-paths: [jinja]\nsnapshot-paths: [snaps]\n"
                            "analysis-paths: [adhoc]\npackages-install-path: vendor/\n"
                            "docs-paths: [docs]\nasset-paths: [assets]\ntarget-path: out\nlog-path: logs\n"
                            "clean-targets: [out]\n"},
        {"legacy_models/a.sql", "select 1\n"},
        {"legacy_seeds/s.csv", "id\n1\n"},
        {"checks/t.sql", "select 1 where false\n"},
        {"jinja/m.sql", "{% macro m() %}1{% endmacro %}\n"},
        {"snaps/snap.sql", "{% snapshot snap %}select 1{% endsnapshot %}\n"},
        {"vendor/utils/macros/u.sql", "{% macro u() %}1{% endmacro %}\n"},
    });
    auto r = load_memory(source);
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    const auto& p = r.project;
    CHECK(p.model_paths == std::vector<std::string>{"legacy_models"});
    CHECK(p.seed_paths == std::vector<std::string>{"legacy_seeds"});
    CHECK(p.test_paths == std::vector<std::string>{"checks"});
    CHECK(p.macro_paths == std::vector<std::string>{"jinja"});
    CHECK(p.snapshot_paths == std::vector<std::string>{"snaps"});
    CHECK(p.analysis_paths == std::vector<std::string>{"adhoc"});
    CHECK(p.packages_install_path == "vendor");
    CHECK(model(r, "a") != nullptr);
    CHECK(p.find_seed("s") != nullptr);
    CHECK(p.singular_tests.size() == 1);
    REQUIRE(p.macros.size() == 2);
    bool package_macro = false;
    for (const auto& m : p.macros) {
        package_macro = package_macro || (m.package == "utils" && m.path == "vendor/utils/macros/u.sql");
    }
    CHECK(package_macro);

    SECTION("the current spellings win over the legacy ones") {
        util::MemorySource both(Files{
            {"dbt_project.yml", "name: shop\nsource-paths: [old]\nmodel-paths: [new]\n"
                                "data-paths: [old_seeds]\nseed-paths: [new_seeds]\n"},
        });
        auto b = load_memory(both);
        CHECK(b.project.model_paths == std::vector<std::string>{"new"});
        CHECK(b.project.seed_paths == std::vector<std::string>{"new_seeds"});
    }
}

TEST_CASE("project-scoped vars win over global ones, and --vars over both", "[load][dbt_project][vars]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nvars:\n  a: global\n  b: global\n  c: global\n"
                            "  shop:\n    a: scoped\n    c: scoped\n  snowplow:\n    b: other-package\n"},
    });
    load::LoadOptions o;
    o.cli_vars = {{"c", "cli"}};
    auto r = load_memory(source, o);
    CHECK_FALSE(r.has_errors());
    const auto& v = r.project.vars;
    CHECK(v["a"] == "scoped");
    CHECK(v["b"] == "global"); // another package's scope does not apply
    CHECK(v["c"] == "cli");

    SECTION("dpipe.yaml vars are global: the project's scope still wins over them") {
        util::MemorySource with_dpipe(Files{
            {"dbt_project.yml", "name: shop\nvars:\n  shop:\n    a: scoped\n"},
            {"dpipe.yaml", "version: 1\nname: shop\nvars:\n  a: dpipe\n  d: dpipe\n"},
        });
        auto d = load_memory(with_dpipe);
        INFO(Catch::Detail::stringify(headlines(d)));
        CHECK(d.project.vars["a"] == "scoped");
        CHECK(d.project.vars["d"] == "dpipe");
    }
}

TEST_CASE("require-dbt-version, flags, dispatch and the other dbt keys are accepted", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nversion: '1.0.0'\nconfig-version: 2\n"
                            "require-dbt-version: [\">=1.5.0\", \"<2.0.0\"]\n"
                            "flags:\n  send_anonymous_usage_stats: false\n  require_explicit_package_overrides_for_builtin_materializations: true\n"
                            "dispatch:\n  - macro_namespace: dbt_utils\n    search_order: [shop, dbt_utils]\n"
                            "quoting:\n  database: false\nquery-comment: \"{{ not_rendered() }}\"\n"
                            "on-run-end: [\"{{ also_not_rendered() }}\"]\n"},
        {"models/a.sql", "select 1\n"},
    });
    auto r = load_memory(source);
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    for (const auto& d : r.diagnostics) {
        CHECK(d.severity == core::Severity::Info);
    }
}

TEST_CASE("rendered config values are converted as dbt's native rendering does", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nmodels:\n  shop:\n    +meta:\n"
                            "      n: \"{{ 40 + 2 }}\"\n      f: \"{{ 1.5 }}\"\n      none: \"{{ none }}\"\n"
                            "      s: \"x{{ 1 }}\"\n"},
        {"models/a.sql", "select 1\n"},
    });
    auto r = load_memory(source);
    REQUIRE(model(r, "a") != nullptr);
    const auto& meta = model(r, "a")->meta;
    CHECK(meta["n"] == 42);
    CHECK(meta["f"] == 1.5);
    CHECK(meta["none"].is_null());
    CHECK(meta["s"] == "x1");
}

TEST_CASE("vars given on the command line are YAML, as in dbt: the forms dbt accepts parse to the same mapping", "[load][vars]") {
    // cmd's parse_vars reads --vars with load::parse_yaml; these are the forms dbt's docs show.
    for (const char* text : {"{\"key\": \"value\", \"date\": 20180101}", "{key: value, date: 20180101}",
                             "key: value\ndate: 20180101"}) {
        INFO(text);
        auto doc = load::parse_yaml(text, "--vars", load::Limits{});
        REQUIRE(doc);
        CHECK(doc->root == core::Json({{"key", "value"}, {"date", 20180101}}));
    }
    CHECK_FALSE(load::parse_yaml("{key: [unclosed", "--vars", load::Limits{}));
}

TEST_CASE("target in dbt_project.yml without a profile: dev, the dialect as its type", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nmodels:\n  shop:\n    +tags: [\"{{ target.name }}\", \"{{ target.type }}\", "
                            "\"{{ target.schema }}\"]\n"},
        {"dpipe.yaml", "version: 1\nname: shop\ndialect: duckdb\nenvironments:\n  dev: {schema: dev_schema}\n"},
        {"models/a.sql", "select 1\n"},
    });
    auto r = load_memory(source);
    INFO(Catch::Detail::stringify(headlines(r)));
    REQUIRE(model(r, "a") != nullptr);
    CHECK(model(r, "a")->tags == std::vector<std::string>{"dev", "duckdb", "dev_schema"});
}

TEST_CASE("property files are rendered as dbt renders them: names and configs, not descriptions or tests",
          "[load][properties]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\nvars:\n  raw_schema: landing\n"},
        {"models/a.sql", "select 1 as id\n"},
        {"models/sources.yml",
         "version: 2\nsources:\n  - name: raw\n    schema: \"{{ var('raw_schema') }}\"\n"
         "    description: \"{{ doc('raw') }}\"\n    tables:\n"
         "      - name: \"{{ env_var('DATASET', 'not-set') ~ '_orders' }}\"\n"
         "        description: \"{{ doc('orders') }}\"\n"
         "        columns:\n          - name: id\n            tests: [\"{{ 'not_null' }}\"]\n"},
    });
    auto r = load_memory(source, {}, {{"DATASET", "shop"}});
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    REQUIRE(r.project.sources.size() == 1);
    CHECK(r.project.sources[0].name == "shop_orders");
    CHECK(r.project.sources[0].schema == "landing");
    CHECK(r.project.find_source("raw", "shop_orders") != nullptr);
}

TEST_CASE("dispatch: is kept for adapter.dispatch", "[load][dbt_project]") {
    util::MemorySource source(Files{
        {"dbt_project.yml", "name: shop\ndispatch:\n  - macro_namespace: dbt_utils\n    search_order: [shop, dbt_utils]\n"},
    });
    auto r = load_memory(source);
    INFO(Catch::Detail::stringify(headlines(r)));
    CHECK_FALSE(r.has_errors());
    REQUIRE(r.project.dbt_configs.contains("dispatch"));
    CHECK(r.project.dbt_configs["dispatch"][0]["search_order"][1] == "dbt_utils");
}
