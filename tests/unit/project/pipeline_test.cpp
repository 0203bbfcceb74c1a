#include "project/cache.hpp"
#include "project/columns.hpp"
#include "project/columns_subset.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"
#include "util/redact.hpp"

#include "project_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

using namespace dpipe;
using namespace dpipe::project_test;

namespace {

util::MemorySource shop() {
    util::MemorySource src = staged_shop();
    src.add("models/fct_orders.sql", "select order_id, amount * 2 as doubled\nfrom {{ ref('stg_orders') }}\n");
    return src;
}

} // namespace

TEST_CASE("a project in memory goes through every stage") {
    auto src = shop();
    auto s = build(src);
    CHECK_FALSE(s.has_errors());
    CHECK(s.project.name == "shop");
    CHECK(model(s, "fct_orders").state.status == core::NodeStatus::Ok);
    CHECK(model(s, "fct_orders").content_id == util::git_blob_id(
                                                   "select order_id, amount * 2 as doubled\nfrom {{ ref('stg_orders') }}\n"));
    const auto* fct = s.graph.find_unique_id("model.shop.fct_orders");
    REQUIRE(fct != nullptr);
    REQUIRE(s.graph.parents(*fct).size() == 1);
    auto lineage = project::column_lineage(s);
    const auto& cols = lineage.models[*fct].columns;
    REQUIRE(cols.size() == 2);
    CHECK(cols[1].name == "doubled");
    CHECK_FALSE(cols[1].unresolved);
}

TEST_CASE("column lineage restricted to some models traces them and what is upstream only") {
    auto src = shop();
    src.add("models/other.sql", "select order_id from {{ ref('stg_orders') }}\n");
    auto s = build(src);
    const auto* fct = s.graph.find_unique_id("model.shop.fct_orders");
    const auto* stg = s.graph.find_unique_id("model.shop.stg_orders");
    const auto* other = s.graph.find_unique_id("model.shop.other");
    REQUIRE(fct != nullptr);
    REQUIRE(stg != nullptr);
    REQUIRE(other != nullptr);
    std::vector<bool> only(s.graph.size(), false);
    only[*fct] = true;
    auto lineage = project::column_lineage(s, 1, only);
    CHECK(lineage.models[*fct].analysed);
    CHECK(lineage.models[*stg].analysed); // upstream: fct_orders' columns come from it
    CHECK_FALSE(lineage.models[*other].analysed);
    CHECK_FALSE(lineage.known[*other].has_value());
    auto full = project::column_lineage(s, 1);
    REQUIRE(full.models[*fct].columns.size() == lineage.models[*fct].columns.size());
    CHECK(full.models[*fct].columns[1].from == lineage.models[*fct].columns[1].from);
}

TEST_CASE("SQL that cannot be parsed marks its model and nothing else") {
    auto src = shop();
    src.add("models/odd.sql", "select case when then end as x\nfrom {{ ref('stg_orders') }}\n");
    auto s = build(src);
    CHECK_FALSE(s.has_errors());
    const auto& odd = model(s, "odd");
    CHECK(odd.state.status == core::NodeStatus::ParseFailed);
    CHECK(odd.state.loc.file == "models/odd.sql");
    CHECK(odd.state.loc.line == 1);
    CHECK(model(s, "fct_orders").state.status == core::NodeStatus::Ok);
    auto warn = std::find_if(s.diagnostics.begin(), s.diagnostics.end(),
                             [](const core::Diagnostic& d) { return d.code == "SQ001"; });
    REQUIRE(warn != s.diagnostics.end());
    CHECK(warn->severity == core::Severity::Warning);
    CHECK(project::node_diagnostic(*warn));
    CHECK(s.counts().not_parsed == 1);
    CHECK(project::summary_line(s.counts()) == "of 3 models, 1 could not be parsed (run with -v to see why)");
}

TEST_CASE("a model whose Jinja is broken is an error, and every other node is still there") {
    auto src = shop();
    src.add("models/broken.sql", "select 1\nfrom {{ ref('stg_orders' }}\n");
    auto s = build(src);
    CHECK(s.has_errors());
    const auto& broken = model(s, "broken");
    CHECK(broken.state.status == core::NodeStatus::RenderFailed);
    CHECK(broken.state.reason.rfind("models/broken.sql:2:", 0) == 0);
    CHECK(s.graph.find_unique_id("model.shop.broken") != nullptr);
    CHECK(s.graph.find_unique_id("model.shop.fct_orders") != nullptr);
    CHECK(s.graph.find_unique_id("source.shop.raw.orders") != nullptr);
    CHECK(model(s, "fct_orders").rendered.done);
}

TEST_CASE("a broken configuration leaves an empty snapshot with the reason") {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: [unclosed\n");
    src.add("models/a.sql", "select 1\n");
    auto s = build(src);
    CHECK(s.config_failed);
    CHECK(s.has_errors());
    CHECK(s.project.models.empty());
    REQUIRE_FALSE(s.diagnostics.empty());
    CHECK(s.diagnostics.front().loc.file == "dbt_project.yml");
}

TEST_CASE("no configuration at all is one located error") {
    util::MemorySource src;
    src.add("models/a.sql", "select 1\n");
    auto s = build(src);
    CHECK(s.config_failed);
    CHECK(s.has_errors());
}

TEST_CASE("a second snapshot of the same content renders nothing again") {
    auto src = shop();
    project::Cache cache;
    auto first = build(src, &cache);
    CHECK(cache.stats().misses == 2);
    CHECK(cache.stats().hits == 0);
    auto second = build(src, &cache);
    CHECK(cache.stats().hits == 2);
    CHECK(model(second, "fct_orders").rendered.sql == model(first, "fct_orders").rendered.sql);

    // Only the changed model renders again.
    src.add("models/fct_orders.sql", "select order_id\nfrom {{ ref('stg_orders') }}\n");
    build(src, &cache);
    CHECK(cache.stats().hits == 3);
    CHECK(cache.stats().misses == 3);
}

TEST_CASE("a cached render is not reused when a relation it read moved") {
    auto src = shop();
    project::Cache cache;
    build(src, &cache);
    // stg_orders now builds under an alias: fct_orders' ref() resolves elsewhere.
    src.add("models/stg_orders.sql",
            "{{ config(alias='orders_clean') }}\nselect id as order_id, amount\nfrom {{ source('raw', 'orders') }}\n");
    src.add("models/_props.yml", "version: 2\nmodels:\n  - name: stg_orders\n    config: {alias: orders_clean}\n");
    auto s = build(src, &cache);
    CHECK(model(s, "fct_orders").rendered.sql.find("orders_clean") != std::string::npos);
}

TEST_CASE("a cached render is not reused when an environment variable it read changed") {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\n");
    src.add("models/m.sql", "select '{{ env_var(\"DPIPE_TEST_PIPELINE_ENV\", \"none\") }}' as v\n");
    project::Cache cache;
    ::setenv("DPIPE_TEST_PIPELINE_ENV", "one", 1);
    CHECK(model(build(src, &cache), "m").rendered.sql.find("'one'") != std::string::npos);
    ::setenv("DPIPE_TEST_PIPELINE_ENV", "two", 1);
    CHECK(model(build(src, &cache), "m").rendered.sql.find("'two'") != std::string::npos);
    ::unsetenv("DPIPE_TEST_PIPELINE_ENV");
    CHECK(model(build(src, &cache), "m").rendered.sql.find("'none'") != std::string::npos);
    CHECK(cache.stats().hits == 0);
}

TEST_CASE("deeply nested parentheses keep their lineage, and past the limit nothing is claimed") {
    auto nested = [](int n) {
        return "select " + std::string(static_cast<std::size_t>(n), '(') + "id" +
               std::string(static_cast<std::size_t>(n), ')') + " as deep\nfrom {{ source('raw', 'orders') }}\n";
    };
    auto src = shop();
    src.add("models/deep.sql", nested(100));
    src.add("models/too_deep.sql", nested(400));
    auto s = build(src);
    auto lineage = project::column_lineage(s);
    const auto* deep = s.graph.find_unique_id("model.shop.deep");
    REQUIRE(deep != nullptr);
    REQUIRE(lineage.models[*deep].columns.size() == 1);
    CHECK(lineage.models[*deep].columns[0].name == "deep");
    CHECK_FALSE(lineage.models[*deep].columns[0].unresolved);
    REQUIRE(lineage.models[*deep].columns[0].from.size() == 1);
    CHECK(lineage.models[*deep].columns[0].from[0].column == "id");

    const auto* too_deep = s.graph.find_unique_id("model.shop.too_deep");
    REQUIRE(too_deep != nullptr);
    CHECK(model(s, "too_deep").state.status == core::NodeStatus::ParseFailed);
    CHECK_FALSE(lineage.models[*too_deep].analysed);
    CHECK(lineage.models[*too_deep].columns.empty());
}

TEST_CASE("command-line vars nested past the depth limit are an error, not a stack overflow") {
    util::MemorySource src;
    src.add("dpipe.yaml", "version: 1\nname: shop\ndialect: postgres\n");
    src.add("models/a.sql", "select 1 as id\n");
    // 40k levels: copying this value recursively overflows the stack.
    std::string text = "{\"a\":" + std::string(40000, '[') + std::string(40000, ']') + "}";
    project::Request req;
    req.source = &src;
    req.root = "/shop";
    req.jobs = 1;
    req.cli_vars = core::Json::parse(text);
    auto s = project::build(req);
    CHECK(s.config_failed);
    REQUIRE_FALSE(s.diagnostics.empty());
    CHECK(s.diagnostics.front().loc.file == "--vars");
}

TEST_CASE("a cached render still registers the secrets its env_var() calls read") {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\n");
    src.add("models/m.sql", "select '{{ env_var(\"DBT_ENV_SECRET_PIPELINE_TEST\") }}' as v\n");
    ::setenv("DBT_ENV_SECRET_PIPELINE_TEST", "pipeline-secret-4711", 1);
    project::Cache cache;
    build(src, &cache);
    util::clear_registered_secrets();
    CHECK(util::redact("x pipeline-secret-4711 y") == "x pipeline-secret-4711 y");
    build(src, &cache);
    CHECK(cache.stats().hits == 1);
    CHECK(util::redact("x pipeline-secret-4711 y").find("pipeline-secret-4711") == std::string::npos);
    util::clear_registered_secrets();
    ::unsetenv("DBT_ENV_SECRET_PIPELINE_TEST");
}

TEST_CASE("a model that reads another model's table by name is traced after it") {
    auto src = shop();
    std::string stg_relation = build(src).relations.refs.at("stg_orders");
    src.add("models/_events.yml", "version: 2\nsources:\n  - name: ev\n    tables:\n      - name: events\n");
    src.add("models/a_reader.sql", "select amount, kind\nfrom " + stg_relation +
                                       " s join {{ source('ev', 'events') }} e on s.order_id = e.id\n");
    // a cycle through names read: both are traced, neither reads what the other has not inferred
    src.add("models/b_loop.sql", "select order_id from {{ ref('c_loop') }}\n");
    src.add("models/c_loop.sql", "select order_id from {{ ref('stg_orders') }} union all select order_id from " +
                                     build(src).relations.refs.at("b_loop") + "\n");
    auto s = build(src);
    auto lineage = project::column_lineage(s);
    const auto* stg = s.graph.find_unique_id("model.shop.stg_orders");
    const auto* reader = s.graph.find_unique_id("model.shop.a_reader");
    const auto* events = s.graph.find_unique_id("source.shop.ev.events");
    REQUIRE((stg && reader && events));
    const auto& cols = lineage.models[*reader].columns;
    REQUIRE(cols.size() == 2);
    CHECK_FALSE(cols[0].unresolved);
    CHECK(cols[0].from == std::vector<project::ColumnRef>{{*stg, "amount"}});
    CHECK_FALSE(cols[1].unresolved);
    CHECK(cols[1].from == std::vector<project::ColumnRef>{{*events, "kind"}});
    const auto* b = s.graph.find_unique_id("model.shop.b_loop");
    REQUIRE(b != nullptr);
    CHECK(lineage.models[*b].analysed);
}

TEST_CASE("a table read by name is told from one of the same schema and name in another database") {
    auto src = shop();
    src.add("models/_chains.yml", "version: 2\nsources:\n"
                                  "  - name: eth\n    database: eth_db\n    schema: core\n    tables: [{name: logs}]\n"
                                  "  - name: avax\n    database: avax_db\n    schema: core\n    tables: [{name: logs}]\n");
    src.add("models/eth_logs.sql", "select topic from eth_db.core.logs\n");
    src.add("models/any_logs.sql", "select topic from core.logs\n");
    // the one of them the model depends on
    src.add("models/dep_logs.sql", "-- depends_on: {{ source('avax', 'logs') }}\nselect topic from core.logs\n");
    auto s = build(src);
    auto lineage = project::column_lineage(s);
    const auto* eth = s.graph.find_unique_id("source.shop.eth.logs");
    const auto* by_full = s.graph.find_unique_id("model.shop.eth_logs");
    const auto* by_short = s.graph.find_unique_id("model.shop.any_logs");
    REQUIRE((eth && by_full && by_short));
    CHECK(lineage.models[*by_full].columns.at(0).from == std::vector<project::ColumnRef>{{*eth, "topic"}});
    // `core.logs` could be either: no node is claimed
    CHECK(lineage.models[*by_short].columns.at(0).unresolved);
    CHECK(lineage.models[*by_short].columns.at(0).from.empty());
    const auto* avax = s.graph.find_unique_id("source.shop.avax.logs");
    const auto* dep = s.graph.find_unique_id("model.shop.dep_logs");
    REQUIRE((avax && dep));
    CHECK(lineage.models[*dep].columns.at(0).from == std::vector<project::ColumnRef>{{*avax, "topic"}});
}

TEST_CASE("columns through dbt's cross-database macros resolve, and placeholders say which macro is missing") {
    auto src = shop();
    src.add("models/monthly.sql", "select {{ dbt.date_trunc('month', 'order_id') }} as order_month,\n"
                                  "  {{ dbt_utils.generate_surrogate_key(['order_id']) }} as sk\n"
                                  "from {{ ref('stg_orders') }}\n");
    src.add("models/starred.sql", "select {{ dbt_utils.star(ref('stg_orders')) }}\nfrom {{ ref('stg_orders') }}\n");
    src.add("models/unioned.sql", "-- all orders\n{{ fivetran_utils.union_data(ref('stg_orders')) }}\n");
    auto s = build(src);
    CHECK_FALSE(s.has_errors());
    const auto& unioned = model(s, "unioned");
    CHECK(unioned.state.status == core::NodeStatus::NotTraced);
    CHECK(unioned.state.reason == "models/unioned.sql: macro fivetran_utils.union_data unavailable");
    CHECK(std::none_of(s.diagnostics.begin(), s.diagnostics.end(),
                       [](const core::Diagnostic& d) { return d.loc.file == "models/unioned.sql" && d.code == "SQ001"; }));
    auto lineage = project::column_lineage(s);
    const auto* stg = s.graph.find_unique_id("model.shop.stg_orders");
    const auto* monthly = s.graph.find_unique_id("model.shop.monthly");
    const auto* starred = s.graph.find_unique_id("model.shop.starred");
    REQUIRE((stg && monthly && starred));
    const auto& cols = lineage.models[*monthly].columns;
    REQUIRE(cols.size() == 2);
    CHECK(cols[0].name == "order_month");
    CHECK_FALSE(cols[0].unresolved);
    CHECK(cols[0].from == std::vector<project::ColumnRef>{{*stg, "order_id"}});
    CHECK(cols[0].how == sql::Derivation::Transform);
    CHECK(cols[1].unresolved);
    CHECK(cols[1].reason == "macro dbt_utils.generate_surrogate_key unavailable");
    CHECK(model(s, "starred").state.status == core::NodeStatus::Ok);
    const auto& star = lineage.models[*starred].columns;
    REQUIRE(star.size() == 1);
    CHECK(star[0].unresolved);
    CHECK(star[0].reason == "macro dbt_utils.star unavailable");
    CHECK(star[0].from.empty());
}

namespace {

// What a snapshot holds that the load stage decides, as text to compare.
std::string describe(const project::Snapshot& s) {
    std::string out;
    for (const auto& d : s.diagnostics) {
        out += d.headline() + "\n";
    }
    for (const auto& m : s.project.models) {
        out += m.name + " " + m.description + " " + m.config.dump() + " " + std::to_string(m.tests.size()) + "\n";
        for (const auto& c : m.columns) {
            out += "  " + c.name + " " + c.data_type + " " + c.description + " " + c.loc.str() + "\n";
        }
    }
    for (const auto& t : s.project.sources) {
        out += t.source_name + "." + t.name + " " + t.loc.str() + " " + std::to_string(t.columns.size()) + "\n";
    }
    for (const auto& seed : s.project.seeds) {
        out += seed.name + " " + std::to_string(seed.columns.size()) + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("a load from the cache's records gives what a load without it gives") {
    auto src = shop();
    src.add("models/_models.yml", "version: 2\nmodels:\n  - name: fct_orders\n    description: facts\n"
                                  "    description: twice\n    columns:\n      - name: doubled\n"
                                  "        data_type: int\n        tests: [not_null]\n  - name: nope\n");
    src.add("models/bad.yml", "version: 2\nmodels: {a: [\n");
    src.add("seeds/countries.csv", "code,name\nde,Germany\n");
    std::string cold = describe(build(src));
    CHECK(cold.find("LD040") != std::string::npos); // the duplicated key's warning
    CHECK(cold.find("LD020") != std::string::npos); // the unknown model
    std::string dir = (std::filesystem::temp_directory_path() / "dpipe-load-records-XXXXXX").string();
    REQUIRE(mkdtemp(dir.data()) != nullptr);
    {
        project::Cache cache(dir);
        cache.open();
        CHECK(describe(build(src, &cache)) == cold);
        CHECK(cache.stats().record_misses == 4);
        REQUIRE(cache.save());
    }
    project::Cache cache(dir);
    cache.open();
    CHECK(describe(build(src, &cache)) == cold);
    CHECK(cache.stats().record_hits == 4);
    CHECK(cache.stats().record_misses == 0);
    // A changed file is read afresh.
    src.add("models/_models.yml", "version: 2\nmodels:\n  - name: fct_orders\n    description: new\n");
    auto changed = build(src, &cache);
    CHECK(model(changed, "fct_orders").description == "new");
    CHECK(describe(changed) == describe(build(src)));
    std::filesystem::remove_all(dir);
}
