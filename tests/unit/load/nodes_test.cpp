// dbt's node kinds beyond plain models: snapshot blocks and YAML snapshots, generic test
// definitions, and the property entries dbt tolerates.

#include "load/loader.hpp"
#include "load/sql_blocks.hpp"

#include "load_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dpipe;
using load::testing::TempProject;

namespace {

load::LoadResult load_dir(const TempProject& t) {
    return load::load_worktree(t.root().string(), {});
}

// Warnings and errors (errors marked '!'); infos are left out.
std::vector<core::Diagnostic> findings(const load::LoadResult& r) {
    std::vector<core::Diagnostic> out;
    for (const auto& d : r.diagnostics) {
        if (d.severity != core::Severity::Info) {
            out.push_back(d);
        }
    }
    return out;
}

std::vector<std::string> codes(const load::LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& d : findings(r)) {
        out.push_back(d.code + (d.severity == core::Severity::Error ? "!" : ""));
    }
    return out;
}

} // namespace

TEST_CASE("snapshot blocks are found with their names and bodies", "[load][nodes]") {
    std::string text = "{# {% snapshot commented %} #}\n{% snapshot a %}\nselect 1\n{% endsnapshot %}\n"
                       "{%- snapshot  b -%}select 2{%- endsnapshot -%}\n";
    auto blocks = load::find_snapshot_blocks(text);
    REQUIRE(blocks.size() == 2);
    CHECK(blocks[0].name == "a");
    CHECK(blocks[0].line == 2);
    CHECK(blocks[0].col == 13);
    CHECK(text.substr(blocks[0].body_begin, blocks[0].body_end - blocks[0].body_begin) == "\nselect 1\n");
    CHECK(blocks[1].name == "b");
    CHECK(text.substr(blocks[1].body_begin, blocks[1].body_end - blocks[1].body_begin) == "select 2");
    std::string masked = load::mask_outside(text, blocks[1].body_begin, blocks[1].body_end);
    CHECK(masked.size() == text.size());
    CHECK(masked.find("select 1") == std::string::npos);
    CHECK(masked.find("select 2") == text.find("select 2"));
    CHECK(std::count(masked.begin(), masked.end(), '\n') == std::count(text.begin(), text.end(), '\n'));
}

TEST_CASE("generic test definitions in both spellings", "[load][nodes]") {
    auto names = load::generic_test_definitions(
        "{% test positive(model, column_name) %}x{% endtest %}\n{%- macro test_old_style(model) -%}{%- endmacro %}\n"
        "{% macro helper() %}{% endmacro %}{# {% test hidden(model) %} #}");
    CHECK(names == std::vector<std::string>{"positive", "old_style"});
}

TEST_CASE("snapshots: several blocks per file, named by the block, and YAML relations", "[load][nodes]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\n");
    t.write("models/orders.sql", "select 1 as id\n");
    t.write("snapshots/snaps.sql", "{% snapshot first_snap %}\n{{ config(strategy='check') }}\n"
                                   "select * from {{ ref('orders') }}\n{% endsnapshot %}\n\n"
                                   "{% snapshot second_snap %}\nselect 2\n{% endsnapshot %}\n");
    t.write("snapshots/props.yml", "snapshots:\n  - name: first_snap\n    description: the first\n"
                                   "  - name: yaml_snap\n    relation: \"ref('orders')\"\n"
                                   "    config:\n      strategy: timestamp\n");
    auto r = load_dir(t);
    CHECK(codes(r).empty());
    const core::Model* first = r.project.find_model("first_snap");
    REQUIRE(first != nullptr);
    CHECK(first->is_snapshot);
    CHECK(first->description == "the first");
    CHECK(first->loc.line == 1);
    CHECK(first->raw_sql.find("ref('orders')") != std::string_view::npos);
    CHECK(first->raw_sql.find("select 2") == std::string_view::npos);
    const core::Model* second = r.project.find_model("second_snap");
    REQUIRE(second != nullptr);
    CHECK(second->loc.line == 6);
    CHECK(second->raw_sql.find("select 2") != std::string_view::npos);
    const core::Model* yaml = r.project.find_model("yaml_snap");
    REQUIRE(yaml != nullptr);
    CHECK(yaml->is_snapshot);
    CHECK(yaml->path == "snapshots/props.yml");
    CHECK(yaml->config["strategy"] == "timestamp");
    // The relation's call stands where the value stands in the file: line 5, after the quote.
    std::string_view sql = yaml->raw_sql;
    std::size_t line_start = 0;
    for (int l = 1; l < 5; ++l) {
        line_start = sql.find('\n', line_start) + 1;
    }
    CHECK(sql.substr(line_start).find("{{ ref('orders') }}") == 16 - 4);
}

TEST_CASE("generic test definitions are not singular tests, and missing ones warn", "[load][nodes]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\n");
    t.write("models/orders.sql", "select 1 as id\n");
    t.write("models/schema.yml", "models:\n  - name: orders\n    columns:\n      - name: id\n        tests:\n"
                                 "          - positive\n          - from_macro\n          - nowhere\n"
                                 "          - nowhere\n  - name: ghost\n");
    t.write("tests/generic/positive.sql", "{% test positive(model, column_name) %}select 1{% endtest %}\n");
    t.write("macros/tests.sql", "{% test from_macro(model, column_name) %}select 1{% endtest %}\n");
    t.write("tests/singular.sql", "select 1 where false\n");
    auto r = load_dir(t);
    REQUIRE(r.project.singular_tests.size() == 1);
    CHECK(r.project.singular_tests[0].name == "singular");
    CHECK(std::any_of(r.project.macros.begin(), r.project.macros.end(),
                      [](const core::MacroFile& m) { return m.path == "tests/generic/positive.sql"; }));
    // One warning for the unknown test (its first use), one for the entry naming no model.
    CHECK(codes(r) == std::vector<std::string>{"LD045", "LD020"});
    auto f = findings(r);
    REQUIRE(f.size() == 2);
    CHECK(f[0].loc.line == 8);
    CHECK(f[0].message.find("'nowhere'") != std::string::npos);
    CHECK(f[0].message.find("2 uses") != std::string::npos);
    CHECK(f[1].severity == core::Severity::Warning);
}

TEST_CASE("installed packages load as projects: models, seeds, sources, config", "[load][nodes][packages]") {
    TempProject t;
    t.write("dbt_project.yml", "name: shop\nmodels:\n  audit:\n    quiet:\n      +enabled: false\n");
    t.write("models/orders.sql", "select 1 as id\n");
    t.write("dbt_packages/audit/dbt_project.yml", "name: audit\nmodels:\n  audit:\n    +materialized: table\n");
    t.write("dbt_packages/audit/models/orders.sql", "select 2 as id\n");
    t.write("dbt_packages/audit/models/quiet/audit_quiet.sql", "select 3\n");
    t.write("dbt_packages/audit/models/props.yml", "sources:\n  - name: raw\n    tables: [{name: events}]\n"
                                                  "models:\n  - name: orders\n    description: the package's\n");
    t.write("dbt_packages/audit/seeds/codes.csv", "code\nA\n");
    t.write("dbt_packages/audit/tests/not_loaded.sql", "select 1\n");
    t.write("dbt_packages/audit/integration_tests/models/not_loaded.sql", "select 1\n");
    auto r = load_dir(t);
    CHECK(codes(r).empty());
    const auto& p = r.project;
    REQUIRE(p.packages.size() == 1);
    CHECK(p.packages[0].name == "audit");
    CHECK(p.packages[0].model_paths == std::vector<std::string>{"dbt_packages/audit/models"});
    REQUIRE(p.models.size() == 3);
    const core::Model* own = p.find_model("orders");
    REQUIRE(own != nullptr);
    CHECK(own->package == "shop"); // the project's own wins
    CHECK(own->description.empty());
    auto pkg_orders = std::find_if(p.models.begin(), p.models.end(), [](const core::Model& m) {
        return m.package == "audit" && m.name == "orders";
    });
    REQUIRE(pkg_orders != p.models.end());
    CHECK(pkg_orders->description == "the package's");
    CHECK(pkg_orders->materialized() == "table");
    CHECK(pkg_orders->enabled());
    const core::Model* quiet = p.find_model("audit_quiet");
    REQUIRE(quiet != nullptr);
    CHECK_FALSE(quiet->enabled()); // the root project's `models: audit:` wins
    REQUIRE(p.seeds.size() == 1);
    CHECK(p.seeds[0].package == "audit");
    REQUIRE(p.sources.size() == 1);
    CHECK(p.sources[0].package == "audit");
    CHECK(p.singular_tests.empty());
}
