#include "graph/graph.hpp"
#include "project_builder.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using graph::NodeType;

namespace {
std::vector<std::string> names(const graph::Graph& g, const std::vector<graph::NodeId>& ids) {
    std::vector<std::string> out;
    for (auto id : ids) {
        out.push_back(g.node(id).name);
    }
    return out;
}
} // namespace

TEST_CASE("edges from refs and sources, in topological order") {
    auto p = test::project();
    p.sources.push_back(test::source("raw", "orders"));
    auto stg = test::model("stg_orders", {});
    stg.rendered.sources.push_back({"raw", "orders", {"models/stg_orders.sql", 3, 10}});
    p.models.push_back(test::model("fct_orders", {"stg_orders"}));
    p.models.push_back(stg);
    core::CollectingSink sink;
    auto g = graph::build_graph(p, sink);
    REQUIRE_FALSE(sink.has_errors());
    auto fct = g.find_name("fct_orders");
    REQUIRE(fct.size() == 1);
    CHECK(names(g, g.ancestors(fct[0])) == std::vector<std::string>{"stg_orders", "raw.orders"});
    CHECK(names(g, g.ancestors(fct[0], 1)) == std::vector<std::string>{"stg_orders"});
    CHECK(names(g, g.topological_order()) ==
          std::vector<std::string>{"raw.orders", "stg_orders", "fct_orders"});
    CHECK(g.node(fct[0]).unique_id == "model.shop.fct_orders");
}

TEST_CASE("unknown ref is located and suggests a name") {
    auto p = test::project();
    p.models.push_back(test::model("stg_orders", {}));
    p.models.push_back(test::model("fct_orders", {"stg_order"}));
    core::CollectingSink sink;
    graph::build_graph(p, sink);
    REQUIRE(sink.items().size() == 1);
    CHECK(sink.items()[0].headline() ==
          "models/fct_orders.sql:2:8: error: unknown ref 'stg_order', did you mean 'stg_orders'? [GR001]");
}

TEST_CASE("cycles print their path once") {
    auto p = test::project();
    p.models.push_back(test::model("a", {"c"}));
    p.models.push_back(test::model("b", {"a"}));
    p.models.push_back(test::model("c", {"b"}));
    p.models.push_back(test::model("d", {"c"}));
    core::CollectingSink sink;
    auto g = graph::build_graph(p, sink);
    CHECK(g.has_cycle());
    REQUIRE(sink.items().size() == 1);
    CHECK(sink.items()[0].headline() ==
          "models/a.sql:1:1: error: dependency cycle: a -> b -> c -> a [GR004]");
}

TEST_CASE("duplicate names are reported at the second definition") {
    auto p = test::project();
    p.models.push_back(test::model("orders", {}, "models/a"));
    p.models.push_back(test::model("orders", {}, "models/b"));
    core::CollectingSink sink;
    graph::build_graph(p, sink);
    REQUIRE(sink.items().size() == 1);
    CHECK(sink.items()[0].headline() ==
          "models/b/orders.sql:1:1: error: model name 'orders' is already used by "
          "models/a/orders.sql [GR003]");
}

TEST_CASE("generic tests, relationships and exposures become nodes with edges") {
    auto p = test::project();
    auto cust = test::model("dim_customers", {});
    auto orders = test::model("fct_orders", {"dim_customers"});
    core::TestSpec rel;
    rel.name = "relationships";
    rel.column = "customer_id";
    rel.args = {{"to", "ref('dim_customers')"}, {"field", "customer_id"}};
    rel.loc = {"models/_marts.yml", 10, 15};
    orders.tests.push_back(rel);
    core::TestSpec nn;
    nn.name = "not_null";
    nn.column = "order_id";
    orders.tests.push_back(nn);
    p.models.push_back(cust);
    p.models.push_back(orders);
    core::Exposure e;
    e.name = "revenue_dashboard";
    e.depends_on = {"ref('fct_orders')"};
    e.loc = {"models/_exposures.yml", 3, 5};
    p.exposures.push_back(e);
    core::CollectingSink sink;
    auto g = graph::build_graph(p, sink);
    REQUIRE_FALSE(sink.has_errors());
    auto rel_ids = g.find_name("relationships_fct_orders_customer_id__ref_dim_customers__customer_id");
    REQUIRE(rel_ids.size() == 1);
    CHECK(names(g, g.parents(rel_ids[0])) == std::vector<std::string>{"dim_customers", "fct_orders"});
    CHECK(g.find_name("not_null_fct_orders_order_id").size() == 1);
    auto exp = g.find_name("revenue_dashboard");
    REQUIRE(exp.size() == 1);
    CHECK(g.node(exp[0]).type == NodeType::Exposure);
    CHECK(names(g, g.parents(exp[0])) == std::vector<std::string>{"fct_orders"});
}

TEST_CASE("lookups by unique id and name through growth, versions and duplicates") {
    // No reserve(): the index grows many times while nodes are added.
    graph::Graph g;
    for (int i = 0; i < 3000; ++i) {
        graph::Node n;
        n.name = "m" + std::to_string(i);
        n.unique_id = "model.shop." + n.name;
        g.add_node(std::move(n));
    }
    graph::Node v2;
    v2.name = "dim_customers.v2";
    v2.version = "2";
    v2.unique_id = "model.shop.dim_customers.v2";
    const auto v2_id = g.add_node(std::move(v2));
    graph::Node v3;
    v3.name = "dim_customers.v3";
    v3.version = "3";
    v3.unique_id = "model.shop.dim_customers.v3";
    const auto v3_id = g.add_node(std::move(v3));
    graph::Node again; // a duplicate unique id finds the node added first
    again.name = "m7";
    again.unique_id = "model.shop.m7";
    const auto again_id = g.add_node(std::move(again));

    for (int i = 0; i < 3000; i += 7) {
        const auto uid = "model.shop.m" + std::to_string(i);
        const graph::NodeId* id = g.find_unique_id(uid);
        REQUIRE(id != nullptr);
        CHECK(*id == static_cast<graph::NodeId>(i));
    }
    CHECK(g.find_unique_id("model.shop.m3000") == nullptr);
    CHECK(g.find_unique_id("model.shop.m") == nullptr);
    CHECK(g.find_unique_id("") == nullptr);
    CHECK(*g.find_unique_id("model.shop.m7") == 7);
    CHECK(g.find_name("m7") == std::vector<graph::NodeId>{7, again_id});
    CHECK(g.find_name("m2999") == std::vector<graph::NodeId>{2999});
    CHECK(g.find_name("dim_customers") == std::vector<graph::NodeId>{v2_id, v3_id});
    CHECK(g.find_name("dim_customers.v3") == std::vector<graph::NodeId>{v3_id});
    CHECK(g.find_name("dim_customers.v") == std::vector<graph::NodeId>{});
    CHECK(g.find_name("dim_customer") == std::vector<graph::NodeId>{});

    const graph::Graph copy = g; // the index holds node ids, so a copy finds its own nodes
    CHECK(copy.find_name("dim_customers") == std::vector<graph::NodeId>{v2_id, v3_id});
    CHECK(&copy.node(*copy.find_unique_id("model.shop.m5")) == &copy.node(5));
}

TEST_CASE("generic tests: nodes made on any number of threads, a repeated id numbered in order") {
    auto p = test::project();
    auto orders = test::model("orders", {});
    // Two identical tests and one relationship: dbt numbers the second `unique_orders_id`.
    for (int i = 0; i < 2; ++i) {
        core::TestSpec t;
        t.name = "unique";
        t.column = "id";
        t.loc = {"models/orders.yml", 6 + i, 13};
        orders.tests.push_back(t);
    }
    core::TestSpec rel;
    rel.name = "relationships";
    rel.column = "customer_id";
    rel.args = {{"to", "ref('customers')"}, {"field", "id"}};
    rel.loc = {"models/orders.yml", 9, 13};
    orders.tests.push_back(rel);
    p.models.push_back(orders);
    p.models.push_back(test::model("customers", {}));
    core::CollectingSink one_sink, two_sink;
    auto one = graph::build_graph(p, one_sink, 1);
    auto two = graph::build_graph(p, two_sink, 2);
    REQUIRE_FALSE(one_sink.has_errors());
    REQUIRE(one.size() == two.size());
    for (graph::NodeId id = 0; id < one.size(); ++id) {
        CHECK(one.node(id).unique_id == two.node(id).unique_id);
        CHECK(one.parents(id) == two.parents(id));
    }
    const auto* first = two.find_unique_id("test.shop.unique_orders_id");
    const auto* second = two.find_unique_id("test.shop.unique_orders_id_2");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    CHECK(*first < *second);
    CHECK(two.node(*second).name == "unique_orders_id_2");
    CHECK(two.node(*second).loc.line == 7);
    CHECK(two.node(*second).attached_to == "model.shop.orders");
    const auto* to = two.find_unique_id("test.shop.relationships_orders_customer_id__ref_customers__id");
    REQUIRE(to != nullptr);
    CHECK(names(two, two.parents(*to)) == std::vector<std::string>{"orders", "customers"});
}
