#include "core/error.hpp"
#include "load/loader.hpp"

#include "load_test_support.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using load::testing::TempProject;

namespace {

// Loads the project; its errors, if any, are thrown as one core::Error as a command would report them.
load::LoadResult load_dir(const TempProject& t, core::Json cli_settings = core::Json::object()) {
    load::LoadOptions opts;
    opts.cli_settings = std::move(cli_settings);
    auto r = load::load_worktree(t.root().string(), opts);
    if (r.has_errors()) {
        std::vector<core::Diagnostic> errors;
        for (const auto& d : r.diagnostics) {
            if (d.severity == core::Severity::Error) {
                errors.push_back(d);
            }
        }
        throw core::Error(core::ExitCode::Usage, "the project could not be loaded", std::move(errors))
            .with_sources(r.project.sources_text);
    }
    return r;
}

const core::Model& model(const core::Project& p, const std::string& name) {
    const core::Model* m = p.find_model(name);
    REQUIRE(m != nullptr);
    return *m;
}

} // namespace

TEST_CASE("a dpipe project loads every file kind", "[load][project]") {
    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\ndialect: duckdb\n"
                          "defaults: {owner: \"@acme/data\", materialized: table}\n"
                          "vars: {start_date: \"2024-01-01\"}\n"
                          "environments:\n  dev: {schema: analytics_dev}\n"
                          "  prod: {schema: analytics, promote_from: dev, gates: {approvals: 1}, connection: {host: x}}\n"
                          "test: {engine: sqlite, jobs: 2}\n"
                          "lint: {rules: {ST003: off}}\n");
    t.write("models/staging/stg_orders.sql", "select * from {{ source('raw', 'orders') }}\n");
    t.write("models/marts/fct_orders.sql", "select * from {{ ref('stg_orders') }}\n");
    t.write("snapshots/orders_snap.sql", "{% snapshot orders_snap %}select 1{% endsnapshot %}\n");
    t.write("models/staging/_sources.yml",
            "version: 2\nsources:\n  - name: raw\n    schema: raw_data\n    tables:\n"
            "      - name: orders\n        meta: {owner: \"@acme/raw\"}\n        columns:\n"
            "          - name: email\n            meta: {pii: true}\n            tests: [not_null]\n"
            "      - name: customers\n        identifier: raw_customers\n");
    t.write("models/marts/_models.yml",
            "version: 2\nmodels:\n  - name: fct_orders\n    description: Orders fact\n"
            "    config: {materialized: incremental, tags: [finance]}\n    meta: {owner: \"@acme/finance\"}\n"
            "    data_tests:\n      - dbt_utils.expression_is_true: {expression: \"amount >= 0\"}\n"
            "    columns:\n      - name: order_id\n        data_type: integer\n        tags: [pii]\n"
            "        data_tests:\n          - unique\n"
            "          - accepted_values:\n              arguments: {values: [1, 2]}\n"
            "              config: {where: \"id > 0\", severity: warn}\n"
            "          - accepted_values: {values: [a], severity: error, limit: 5}\n"
            "          - relationships: {to: \"ref('stg_orders')\", field: id}\n"
            "exposures:\n  - name: revenue\n    type: dashboard\n    owner: {name: Ann, email: ann@x.io}\n"
            "    depends_on: [\"ref('fct_orders')\", \"source('raw', 'orders')\"]\n    maturity: high\n"
            "unit_tests:\n  - name: t1\n    model: fct_orders\n    given:\n      - input: ref('stg_orders')\n"
            "        rows: [{id: 1}]\n      - input: source('raw', 'orders')\n        format: csv\n"
            "        rows: \"id\\n1\\n\"\n    expect: {rows: [{id: 1}]}\n");
    t.write("seeds/country_codes.csv", "code,\"country name\"\nDE,Germany\n");
    t.write("seeds/raw__customers.csv", "id\n1\n");
    t.write("seeds/_seeds.yml", "version: 2\nseeds:\n  - name: country_codes\n    config:\n"
                                "      column_types: {code: varchar(2)}\n    columns:\n"
                                "      - name: country name\n        description: Name\n        tests: [not_null]\n");
    t.write("tests/assert_positive.sql", "select * from {{ ref('fct_orders') }} where amount < 0\n");
    t.write("macros/cents.sql", "{% macro cents(x) %}{{ x }} * 100{% endmacro %}\n");
    t.write("dbt_packages/dbt_utils/macros/sql/star.sql", "{% macro star() %}*{% endmacro %}\n"
                                                          "{% test expression_is_true(model, expression) %}select 1{% endtest %}\n");
    t.write("pipelines/daily_orders.yaml", "description: Daily\nowner: \"@acme/data\"\nschedule: \"0 6 * * *\"\n"
                                           "sla: 2h\nsteps:\n  - name: staging\n    select: \"path:models/staging\"\n"
                                           "  - name: marts\n    select: \"+fct_orders\"\n    depends_on: [staging]\n");

    auto r = load_dir(t);
    const core::Project& p = r.project;
    CHECK(r.diagnostics.empty());
    CHECK(p.name == "shop");
    CHECK(p.dialect == "duckdb");
    CHECK(p.has_dpipe_yaml);
    CHECK_FALSE(p.has_dbt_project);
    CHECK(p.config_file == "dpipe.yaml");
    CHECK(p.vars["start_date"] == "2024-01-01");
    CHECK(p.test.engine == "sqlite");
    CHECK(p.test.jobs == 2);
    CHECK(p.lint["rules"]["ST003"] == "off");
    REQUIRE(p.environments.size() == 2);
    CHECK(p.environments[1].promote_from == "dev");
    CHECK(p.environments[1].gates["approvals"] == 1);
    CHECK(p.environments[1].extra["connection"]["host"] == "x");
    CHECK(p.environments[1].loc.str() == "dpipe.yaml:8:3");

    REQUIRE(p.models.size() == 3);
    CHECK(p.models[0].path == "models/marts/fct_orders.sql"); // sorted by path
    const auto& fct = model(p, "fct_orders");
    CHECK(fct.package == "shop");
    CHECK(fct.description == "Orders fact");
    CHECK(fct.materialized() == "incremental");
    CHECK(fct.owner == "@acme/finance");
    CHECK(fct.tags == std::vector<std::string>{"finance"});
    CHECK(fct.properties_loc.str() == "models/marts/_models.yml:3:11");
    CHECK(fct.loc.str() == "models/marts/fct_orders.sql:1:1");
    REQUIRE(fct.columns.size() == 1);
    CHECK(fct.columns[0].data_type == "integer");
    CHECK(fct.columns[0].pii);
    REQUIRE(fct.tests.size() == 5);
    CHECK(fct.tests[0].name == "dbt_utils.expression_is_true");
    CHECK(fct.tests[0].column.empty());
    CHECK(fct.tests[0].args["expression"] == "amount >= 0");
    CHECK(fct.tests[1].name == "unique");
    CHECK(fct.tests[1].column == "order_id");
    CHECK(fct.tests[2].args == core::Json::parse(R"({"values": [1, 2]})"));
    CHECK(fct.tests[2].config == core::Json::parse(R"({"where": "id > 0", "severity": "warn"})"));
    CHECK(fct.tests[3].args == core::Json::parse(R"({"values": ["a"]})"));
    CHECK(fct.tests[3].config == core::Json::parse(R"({"severity": "error", "limit": 5})"));
    CHECK(fct.tests[4].args["to"] == "ref('stg_orders')");
    CHECK(fct.tests[4].loc.str() == "models/marts/_models.yml:19:13");

    const auto& stg = model(p, "stg_orders");
    CHECK(stg.materialized() == "table"); // defaults.materialized
    CHECK(stg.owner == "@acme/data");     // defaults.owner
    CHECK(stg.raw_sql == "select * from {{ source('raw', 'orders') }}\n");
    CHECK(model(p, "orders_snap").is_snapshot);

    REQUIRE(p.sources.size() == 2);
    const auto* orders = p.find_source("raw", "orders");
    REQUIRE(orders);
    CHECK(orders->schema == "raw_data");
    CHECK(orders->owner == "@acme/raw");
    CHECK(orders->columns[0].pii);
    CHECK(orders->tests.size() == 1);
    CHECK(orders->tests[0].column == "email");
    const auto* customers = p.find_source("raw", "customers");
    REQUIRE(customers);
    CHECK(customers->identifier == "raw_customers");
    CHECK(customers->fixture == "seeds/raw__customers.csv");

    const auto* seed = p.find_seed("country_codes");
    REQUIRE(seed);
    REQUIRE(seed->columns.size() == 2);
    CHECK(seed->columns[0].data_type == "varchar(2)");
    CHECK(seed->columns[1].name == "country name");
    CHECK(seed->columns[1].description == "Name");
    CHECK(seed->columns[1].loc.str() == "seeds/country_codes.csv:1:6");
    CHECK(seed->tests.size() == 1);

    REQUIRE(p.exposures.size() == 1);
    CHECK(p.exposures[0].owner_email == "ann@x.io");
    CHECK(p.exposures[0].depends_on.size() == 2);
    CHECK(p.exposures[0].depends_on_locs[1].line == 24);
    REQUIRE(p.unit_tests.size() == 1);
    CHECK(p.unit_tests[0].given.size() == 2);
    CHECK(p.unit_tests[0].given[1].format == "csv");
    CHECK(p.unit_tests[0].given[1].rows == "id\n1\n");
    CHECK(p.unit_tests[0].expect.rows[0]["id"] == 1);

    REQUIRE(p.singular_tests.size() == 1);
    CHECK(p.singular_tests[0].name == "assert_positive");
    REQUIRE(p.macros.size() == 2);
    CHECK(p.macros[0].package == "dbt_utils"); // sorted by path
    CHECK(p.macros[1].package == "shop");
    CHECK(p.macros[0].path == "dbt_packages/dbt_utils/macros/sql/star.sql");

    REQUIRE(p.pipelines.size() == 1);
    CHECK(p.pipelines[0].name == "daily_orders");
    CHECK(p.pipelines[0].steps[1].depends_on == std::vector<std::string>{"staging"});
    CHECK(p.pipelines[0].sla == "2h");

    CHECK(p.sources_text->get("models/marts/_models.yml").find("fct_orders") != std::string_view::npos);
    CHECK(p.sources_text->get("dpipe.yaml").find("version: 1") == 0);
    CHECK(!p.sources_text->get("seeds/country_codes.csv").empty());
}

TEST_CASE("a plain dbt project loads with zero configuration", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml", "name: jaffle\nversion: '1.0'\nconfig-version: 2\nprofile: jaffle\n"
                               "model-paths: [\"transform\"]\nseed-paths: [\"data\"]\nvars: {region: eu}\n");
    t.write("transform/a.sql", "select 1\n");
    t.write("models/ignored.sql", "select 2\n");
    t.write("data/s.csv", "x\n1\n");
    auto r = load_dir(t);
    const auto& p = r.project;
    CHECK(p.name == "jaffle");
    CHECK(p.dialect == "postgres");
    CHECK(p.has_dbt_project);
    CHECK_FALSE(p.has_dpipe_yaml);
    CHECK(p.config_file == "dbt_project.yml");
    CHECK(p.model_paths == std::vector<std::string>{"transform"});
    REQUIRE(p.models.size() == 1);
    CHECK(p.models[0].name == "a");
    CHECK(p.models[0].materialized() == "view");
    CHECK(p.models[0].owner.empty());
    CHECK(p.seeds.size() == 1);
    CHECK(p.vars["region"] == "eu");
    CHECK(p.environments.empty());
}

TEST_CASE("dbt config tree: specific folders win, properties win over the project", "[load][project][dbt]") {
    TempProject t;
    t.write("dbt_project.yml",
            "name: shop\nmodels:\n  +materialized: view\n  +tags: [all]\n  shop:\n    +schema: base\n"
            "    +meta: {team: core}\n    staging:\n      +materialized: table\n      +tags: staging\n"
            "      deep:\n        +materialized: incremental\n        +enabled: false\n"
            "    marts:\n      materialized: ephemeral\n      fct_special:\n        +schema: special\n"
            "seeds:\n  shop:\n    +schema: seeds\n    +column_types: {a: int}\n");
    t.write("models/staging/stg_a.sql", "select 1\n");
    t.write("models/staging/deep/stg_b.sql", "select 1\n");
    t.write("models/marts/fct_special.sql", "select 1\n");
    t.write("models/marts/fct_plain.sql", "select 1\n");
    t.write("models/other.sql", "select 1\n");
    t.write("models/marts/props.yml", "version: 2\nmodels:\n  - name: fct_plain\n"
                                      "    config: {materialized: table, tags: [x], meta: {team: marts}}\n");
    t.write("seeds/s.csv", "a,b\n1,2\n");
    // dpipe.yaml wins where both set the same thing.
    t.write("dpipe.yaml", "version: 1\nname: shop\nvars: {v: dpipe}\ndefaults: {owner: \"@team\"}\n");

    auto r = load_dir(t);
    const auto& p = r.project;
    CHECK(model(p, "other").materialized() == "view");
    CHECK(model(p, "other").config["schema"] == "base");
    CHECK(model(p, "other").tags == std::vector<std::string>{"all"});
    CHECK(model(p, "stg_a").materialized() == "table");
    CHECK(model(p, "stg_a").tags == std::vector<std::string>{"all", "staging"});
    CHECK(model(p, "stg_b").materialized() == "incremental");
    CHECK_FALSE(model(p, "stg_b").enabled());
    CHECK(model(p, "fct_special").materialized() == "ephemeral");
    CHECK(model(p, "fct_special").config["schema"] == "special");
    const auto& plain = model(p, "fct_plain");
    CHECK(plain.materialized() == "table");
    CHECK(plain.tags == std::vector<std::string>{"all", "x"});
    CHECK(plain.meta["team"] == "marts");
    CHECK(model(p, "other").meta["team"] == "core");
    CHECK(plain.owner == "@team");
    const auto* seed = p.find_seed("s");
    REQUIRE(seed);
    CHECK(seed->config["schema"] == "seeds");
    CHECK(seed->columns[0].data_type == "int");
    CHECK(p.vars["v"] == "dpipe");
}

TEST_CASE("tool settings: CLI > .dpipe.toml > user config > dpipe.yaml lint", "[load][project][toml]") {
    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\nlint: {rules: {ST001: error, ST002: error, ST003: error}}\n");
    t.write(".xdg/dpipe/config.toml", "[lint]\nrules = { ST002 = \"warning\", ST003 = \"warning\" }\n"
                                      "[output]\ncolor = \"always\"\nformat = \"sarif\"\n[cache]\ndir = \"/tmp/c\"\n");
    t.write(".dpipe.toml", "[lint.rules]\nST003 = \"off\"\n[output]\nformat = \"json\"\n");
    auto r = load_dir(t, core::Json::parse(R"({"output": {"color": "never"}})"));
    const auto& p = r.project;
    CHECK(p.lint["rules"]["ST001"] == "error");
    CHECK(p.lint["rules"]["ST002"] == "warning");
    CHECK(p.lint["rules"]["ST003"] == "off");
    CHECK(p.tool["output"]["format"] == "json");
    CHECK(p.tool["output"]["color"] == "never");
    CHECK(p.tool["cache"]["dir"] == "/tmp/c");
    std::string user_file = (t.root() / ".xdg/dpipe/config.toml").string();
    CHECK(p.sources_text->get(user_file).find("[lint]") == 0);

    t.write(".xdg/dpipe/config.toml", "[output]\nformat = \"yaml\"\n");
    try {
        load_dir(t);
        FAIL("expected an error");
    } catch (const core::Error& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].headline().find(user_file + ":2:10: error: 'output.format' must be one of") == 0);
    }
}

TEST_CASE("find_project_root searches upwards, dpipe.yaml first", "[load][project]") {
    TempProject t;
    t.write("dbt_project.yml", "name: inner\n");
    t.write("sub/dir/.keep", "");
    t.write("../" + t.root().filename().string() + "_unused/.keep", "");
    CHECK(load::find_project_root(t.root() / "sub" / "dir") == t.root());
    t.write("sub/dpipe.yaml", "version: 1\nname: x\n");
    CHECK(load::find_project_root(t.root() / "sub" / "dir") == t.root() / "sub");
    std::filesystem::remove_all(t.root().parent_path() / (t.root().filename().string() + "_unused"));
}

TEST_CASE("all errors are reported together, sorted, with sources", "[load][project]") {
    TempProject t;
    t.write("dpipe.yaml", "version: 1\nname: shop\n");
    t.write("models/a.sql", "select 1\n");
    t.write("models/z.yml", "version: 2\nunit_tests:\n  - name: u\n    model: missing_one\n");
    t.write("models/b.yml", "version: 2\nmodels:\n  - name: a\n  - name: a\n");
    t.write("seeds/bad.csv", "");
    try {
        load_dir(t);
        FAIL("expected an error");
    } catch (const core::Error& e) {
        CHECK(e.diagnostics().size() == 3);
        REQUIRE(e.diagnostics().size() == 3);
        CHECK(e.diagnostics()[0].headline() ==
              "models/b.yml:4:11: error: model 'a' is described twice (first at models/b.yml:3:11) [LD021]");
        CHECK(e.diagnostics()[1].loc.file == "models/z.yml");
        CHECK(e.diagnostics()[2].loc.file == "seeds/bad.csv");
        REQUIRE(e.sources());
        CHECK(e.sources()->get("models/z.yml").find("missing_one") != std::string_view::npos);
    }
}
