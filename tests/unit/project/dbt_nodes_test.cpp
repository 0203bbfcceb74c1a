// dbt node kinds read from a project in memory through every stage: analyses, model versions
// and the semantic layer (semantic models, metrics, saved queries).

#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include "project_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace dpipe;
using namespace dpipe::project_test;

namespace {

std::vector<std::string> parents(const project::Snapshot& s, const std::string& uid) {
    std::vector<std::string> out;
    for (auto p : s.graph.parents(node_id(s, uid))) {
        out.push_back(s.graph.node(p).unique_id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> error_lines(const project::Snapshot& s) {
    std::vector<std::string> out;
    for (const auto& d : s.diagnostics) {
        if (d.severity == core::Severity::Error) {
            out.push_back(d.loc.str() + " " + d.code);
        }
    }
    return out;
}

void base(util::MemorySource& src) {
    src.add("dbt_project.yml", "name: shop\nversion: '1.0'\n");
    src.add("models/_sources.yml", "sources:\n  - name: raw\n    tables:\n      - name: orders\n"
                                   "        columns: [{name: id}, {name: amount}]\n");
    src.add("models/orders.sql", "select id, amount from {{ source('raw', 'orders') }}\n");
}

} // namespace

TEST_CASE("analyses are rendered, parsed and traced nodes with their edges, never relations") {
    util::MemorySource src;
    base(src);
    src.add("analyses/revenue.sql", "select id, amount * 2 as doubled from {{ ref('orders') }}\n");
    src.add("analyses/raw_count.sql", "select count(*) as n from {{ source('raw', 'orders') }}\n");
    src.add("analyses/props.yml", "analyses:\n  - name: revenue\n    description: doubled revenue\n"
                                  "    columns: [{name: doubled}]\n");
    auto s = build(src);
    CHECK(error_lines(s).empty());
    REQUIRE(s.project.analyses.size() == 2);
    CHECK(s.project.find_model("revenue") == nullptr); // not a model
    auto id = node_id(s, "analysis.shop.revenue");
    CHECK(s.graph.node(id).type == graph::NodeType::Analysis);
    CHECK(std::string(graph::node_type_name(graph::NodeType::Analysis)) == "analysis");
    CHECK(parents(s, "analysis.shop.revenue") == std::vector<std::string>{"model.shop.orders"});
    CHECK(parents(s, "analysis.shop.raw_count") == std::vector<std::string>{"source.shop.raw.orders"});
    CHECK(s.relations.refs.count("revenue") == 0);
    const auto& revenue = s.project.analyses[s.graph.node(id).index];
    CHECK(revenue.description == "doubled revenue");
    CHECK(revenue.state.status == core::NodeStatus::Ok);
    auto lineage = project::column_lineage(s);
    const auto& cols = lineage.models[id].columns;
    REQUIRE(cols.size() == 2);
    CHECK(cols[1].name == "doubled");
    REQUIRE(cols[1].from.size() == 1);
    CHECK(s.graph.node(cols[1].from[0].node).unique_id == "model.shop.orders");
}

TEST_CASE("an analysis cannot be referenced, and two of one name are refused") {
    util::MemorySource src;
    base(src);
    src.add("analyses/a.sql", "select 1 as x\n");
    src.add("analyses/more/a.sql", "select 2 as x\n");
    src.add("models/reads_analysis.sql", "select * from {{ ref('a') }}\n");
    auto s = build(src);
    auto errors = error_lines(s);
    CHECK(std::find(errors.begin(), errors.end(), "analyses/more/a.sql:1:1 LD021") != errors.end());
    CHECK(std::any_of(errors.begin(), errors.end(),
                      [](const std::string& e) { return e.find("GR001") != std::string::npos; }));
}

TEST_CASE("model versions: nodes per version, pinned and latest refs, relations and columns") {
    util::MemorySource src;
    base(src);
    src.add("models/dim_customers_v1.sql", "select id, amount, 'x' as country from {{ ref('orders') }}\n");
    src.add("models/dim_customers_v2.sql", "select id, amount from {{ ref('orders') }}\n");
    src.add("models/dim_legacy.sql", "select id from {{ ref('orders') }}\n");
    src.add("models/dim_customers.yml",
            "models:\n"
            "  - name: dim_customers\n"
            "    latest_version: 1\n"
            "    columns:\n"
            "      - name: id\n        data_tests: [unique]\n"
            "      - name: country\n        data_tests: [not_null]\n"
            "    versions:\n"
            "      - v: 2\n"
            "        columns:\n          - include: all\n            exclude: [country]\n"
            "      - v: 1\n"
            "      - v: 0\n        defined_in: dim_legacy\n");
    src.add("models/latest_reader.sql", "select * from {{ ref('dim_customers') }}\n");
    src.add("models/pinned_reader.sql", "select * from {{ ref('dim_customers', v=2) }}\n");
    src.add("models/version_reader.sql", "select * from {{ ref('dim_customers', version=0) }}\n");
    auto s = build(src);
    CHECK(error_lines(s).empty());
    auto v2 = node_id(s, "model.shop.dim_customers.v2");
    CHECK(s.graph.node(v2).name == "dim_customers.v2");
    CHECK(s.graph.node(node_id(s, "model.shop.dim_customers.v0")).path == "models/dim_legacy.sql");
    CHECK(s.graph.find_unique_id("model.shop.dim_customers_v1") == nullptr);
    CHECK(s.graph.find_name("dim_customers").size() == 3);
    CHECK(parents(s, "model.shop.latest_reader") == std::vector<std::string>{"model.shop.dim_customers.v1"});
    CHECK(parents(s, "model.shop.pinned_reader") == std::vector<std::string>{"model.shop.dim_customers.v2"});
    CHECK(parents(s, "model.shop.version_reader") == std::vector<std::string>{"model.shop.dim_customers.v0"});
    CHECK(s.relations.refs.at("dim_customers.v2") == "\"analytics\".\"dim_customers_v2\"");
    CHECK(s.relations.refs.at("dim_customers") == "\"analytics\".\"dim_customers_v1\"");
    CHECK(s.project.find_model("dim_customers")->version == "1");
    const auto& m2 = s.project.models[s.graph.node(v2).index];
    REQUIRE(m2.columns.size() == 1);
    CHECK(m2.columns[0].name == "id");
    // The version's tests are named after <model>_v<version>; v2 has no country test.
    CHECK(s.graph.find_unique_id("test.shop.unique_dim_customers_v2_id") != nullptr);
    CHECK(s.graph.find_unique_id("test.shop.not_null_dim_customers_v2_country") == nullptr);
    CHECK(s.graph.find_unique_id("test.shop.not_null_dim_customers_v1_country") != nullptr);
}

TEST_CASE("without latest_version the greatest version is the latest") {
    util::MemorySource src;
    base(src);
    src.add("models/m_v9.sql", "select 1 as id\n");
    src.add("models/m_v10.sql", "select 1 as id\n");
    src.add("models/m.yml", "models:\n  - name: m\n    versions: [{v: 9}, {v: 10}]\n");
    src.add("models/reader.sql", "select * from {{ ref('m') }}\n");
    auto s = build(src);
    CHECK(error_lines(s).empty());
    CHECK(parents(s, "model.shop.reader") == std::vector<std::string>{"model.shop.m.v10"});
}

TEST_CASE("semantic models, metrics and saved queries are nodes with their dependencies") {
    util::MemorySource src;
    base(src);
    src.add("models/semantic.yml",
            "semantic_models:\n"
            "  - name: orders_sm\n    model: ref('orders')\n    defaults: {agg_time_dimension: ordered_at}\n"
            "    entities: [{name: id, type: primary}]\n"
            "    measures:\n      - {name: total, agg: sum, expr: amount}\n      - {name: order_count, agg: sum, expr: 1}\n"
            "metrics:\n"
            "  - name: revenue\n    type: simple\n    label: Revenue\n    type_params: {measure: total}\n"
            "    filter: \"{{ Dimension('id__x') }} = 1\"\n"
            "  - name: orders\n    type: simple\n    label: Orders\n    type_params:\n      measure: {name: order_count}\n"
            "  - name: per_order\n    type: ratio\n    label: Per order\n"
            "    type_params: {numerator: revenue, denominator: {name: orders, filter: x}}\n"
            "  - name: derived\n    type: derived\n    label: D\n"
            "    type_params: {expr: a, metrics: [{name: per_order, offset_window: 1 week}]}\n"
            "saved_queries:\n"
            "  - name: weekly\n    query_params:\n      metrics: [revenue, derived]\n"
            "      group_by: [\"TimeDimension('metric_time', 'week')\"]\n"
            "      where: [\"{{ Dimension('id__x') }} > 1\"]\n");
    auto s = build(src);
    CHECK(error_lines(s).empty());
    for (const auto& d : s.diagnostics) {
        CHECK(d.code != "TP002"); // MetricFlow's templates are not rendered
    }
    CHECK(parents(s, "semantic_model.shop.orders_sm") == std::vector<std::string>{"model.shop.orders"});
    CHECK(parents(s, "metric.shop.revenue") == std::vector<std::string>{"semantic_model.shop.orders_sm"});
    CHECK(parents(s, "metric.shop.orders") == std::vector<std::string>{"semantic_model.shop.orders_sm"});
    CHECK(parents(s, "metric.shop.per_order") == std::vector<std::string>{"metric.shop.orders", "metric.shop.revenue"});
    CHECK(parents(s, "metric.shop.derived") == std::vector<std::string>{"metric.shop.per_order"});
    CHECK(parents(s, "saved_query.shop.weekly") == std::vector<std::string>{"metric.shop.derived", "metric.shop.revenue"});
    CHECK(s.graph.node(node_id(s, "saved_query.shop.weekly")).type == graph::NodeType::SavedQuery);
}

TEST_CASE("a broken semantic layer gives located errors") {
    util::MemorySource src;
    base(src);
    src.add("models/semantic.yml",
            "semantic_models:\n"
            "  - name: sm\n    model: ref('nope')\n    measures: [{name: total, agg: sum}]\n"
            "  - name: no_model\n"
            "metrics:\n"
            "  - name: m1\n    type: simple\n    type_params: {measure: missing}\n"
            "  - name: m2\n    type: ratio\n    type_params: {numerator: m1, denominator: ghost}\n"
            "  - name: m1\n    type: simple\n    type_params: {measure: total}\n"
            "saved_queries:\n"
            "  - name: q\n    query_params: {metrics: [m2, phantom]}\n");
    auto s = build(src);
    auto errors = error_lines(s);
    std::sort(errors.begin(), errors.end());
    // Sorted as text: line 12 comes before line 3.
    CHECK(errors == std::vector<std::string>{
                        "models/semantic.yml:12:47 LD072", "models/semantic.yml:13:11 LD021",
                        "models/semantic.yml:18:34 LD073", "models/semantic.yml:3:12 GR001",
                        "models/semantic.yml:5:11 LD070", "models/semantic.yml:9:28 LD071"});
}

TEST_CASE("a package's nodes read its vars, under the root project's global and scoped vars") {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\nvars:\n  region: eu\n  shop: {region: us}\n"
                               "  pkg: {limit_rows: 5}\n");
    src.add("models/mine.sql", "select '{{ var(\"region\") }}' as region, {{ var('limit_rows', 0) }} as n\n");
    src.add("dbt_packages/pkg/dbt_project.yml",
            "name: pkg\nvars:\n  limit_rows: 10\n  region: pkg_default\n  flavour: plain\n"
            "  pkg: {flavour: own}\n");
    src.add("dbt_packages/pkg/models/theirs.sql",
            "select '{{ var(\"region\") }}' as region, {{ var('limit_rows') }} as n, "
            "'{{ var(\"flavour\") }}' as f\n");
    project::Snapshot s = build(src);
    CHECK(error_lines(s).empty());
    const core::Model* mine = s.project.find_model("mine");
    const core::Model* theirs = s.project.find_model("theirs");
    REQUIRE(mine != nullptr);
    REQUIRE(theirs != nullptr);
    // The root's own nodes: its scoped vars over its global ones; a package's scoped vars unseen.
    CHECK(mine->rendered.sql == "select 'us' as region, 0 as n");
    // The package's nodes: the root's global var over the package's default, the root's vars
    // scoped to the package over both, and the package's own scoped var over its global one.
    CHECK(theirs->rendered.sql == "select 'eu' as region, 5 as n, 'own' as f");
}

TEST_CASE("a generic test given a name is known by it, the others by dbt's generated name") {
    util::MemorySource src;
    base(src);
    src.add("models/orders.yml", "models:\n  - name: orders\n    columns:\n      - name: id\n"
                                 "        data_tests:\n          - unique:\n              name: orders_id_is_unique\n"
                                 "          - not_null\n");
    project::Snapshot s = build(src);
    CHECK(error_lines(s).empty());
    CHECK(s.graph.find_unique_id("test.shop.orders_id_is_unique") != nullptr);
    CHECK(s.graph.find_unique_id("test.shop.unique_orders_id") == nullptr);
    CHECK(s.graph.find_unique_id("test.shop.not_null_orders_id") != nullptr);
}

TEST_CASE("a unit test may name a versioned model declared in a property file read after it") {
    util::MemorySource src;
    base(src);
    src.add("models/dim_customers_v1.sql", "select id from {{ ref('orders') }}\n");
    src.add("models/dim_customers.yml", "models:\n  - name: dim_customers\n    latest_version: 1\n"
                                        "    versions:\n      - v: 1\n");
    // "_unit.yml" sorts before "dim_customers.yml": the model is not known yet when it is read.
    src.add("models/_unit.yml", "unit_tests:\n  - name: keeps_ids\n    model: dim_customers\n"
                                "    given: []\n    expect: {rows: [{id: 1}]}\n"
                                "  - name: stray\n    model: nowhere\n    given: []\n"
                                "    expect: {rows: []}\n");
    auto s = build(src);
    CHECK(error_lines(s) == std::vector<std::string>{"models/_unit.yml:7:12 LD020"});
    REQUIRE(s.project.unit_tests.size() == 1);
    CHECK(s.project.unit_tests[0].name == "keeps_ids");
}

TEST_CASE("a seed column declared but not in the CSV header is a warning, as dbt never checks it") {
    util::MemorySource src;
    base(src);
    src.add("seeds/regions.csv", "code,name\neu,Europe\n");
    src.add("seeds/regions.yml", "seeds:\n  - name: regions\n    columns:\n      - name: code\n"
                                 "        description: the code\n      - name: fid\n");
    auto s = build(src);
    CHECK(error_lines(s).empty());
    const core::Seed* seed = s.project.find_seed("regions");
    REQUIRE(seed != nullptr);
    REQUIRE(seed->columns.size() == 2);
    CHECK(seed->columns[0].description == "the code");
    bool warned = std::any_of(s.diagnostics.begin(), s.diagnostics.end(), [](const core::Diagnostic& d) {
        return d.code == "LD020" && d.severity == core::Severity::Warning && d.loc.line == 6;
    });
    CHECK(warned);
}
