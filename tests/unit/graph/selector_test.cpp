#include "graph/selector.hpp"
#include "project_builder.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;

namespace {

graph::Graph shop_graph() {
    auto p = test::project();
    p.sources.push_back(test::source("raw", "orders"));
    auto stg = test::model("stg_orders", {}, "models/staging");
    stg.rendered.sources.push_back({"raw", "orders", {}});
    stg.tags = {"daily"};
    auto stg_c = test::model("stg_customers", {}, "models/staging");
    auto inter = test::model("int_orders", {"stg_orders", "stg_customers"}, "models/intermediate");
    auto fct = test::model("fct_orders", {"int_orders"}, "models/marts");
    fct.config["materialized"] = "table";
    auto rpt = test::model("rpt_daily", {"fct_orders"}, "models/marts");
    for (auto* m : {&stg, &stg_c, &inter, &fct, &rpt}) {
        p.models.push_back(*m);
    }
    core::CollectingSink sink;
    auto g = graph::build_graph(p, sink);
    REQUIRE_FALSE(sink.has_errors());
    return g;
}

std::string sel(const graph::Graph& g, const std::string& expr) {
    auto r = graph::select(g, expr);
    if (!r) {
        return "error: " + r.error().message;
    }
    std::vector<std::string> names;
    for (auto id : *r) {
        names.push_back(g.node(id).name);
    }
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : " ") + n;
    }
    return out;
}

} // namespace

TEST_CASE("graph operators") {
    auto g = shop_graph();
    CHECK(sel(g, "fct_orders") == "fct_orders");
    CHECK(sel(g, "+fct_orders") ==
          "fct_orders int_orders raw.orders stg_customers stg_orders");
    CHECK(sel(g, "1+fct_orders") == "fct_orders int_orders");
    CHECK(sel(g, "stg_orders+") == "fct_orders int_orders rpt_daily stg_orders");
    CHECK(sel(g, "stg_orders+1") == "int_orders stg_orders");
    CHECK(sel(g, "@stg_orders") ==
          "fct_orders int_orders raw.orders rpt_daily stg_customers stg_orders");
}

TEST_CASE("methods, unions and intersections") {
    auto g = shop_graph();
    CHECK(sel(g, "tag:daily") == "stg_orders");
    CHECK(sel(g, "path:models/staging") == "stg_customers stg_orders");
    CHECK(sel(g, "path:models/marts/fct_orders.sql") == "fct_orders");
    CHECK(sel(g, "source:raw") == "raw.orders");
    CHECK(sel(g, "source:raw+1") == "raw.orders stg_orders");
    CHECK(sel(g, "config.materialized:table") == "fct_orders");
    CHECK(sel(g, "stg_* fct_orders") == "fct_orders stg_customers stg_orders");
    CHECK(sel(g, "+rpt_daily,path:models/staging") == "stg_customers stg_orders");
    CHECK(sel(g, "resource_type:source") == "raw.orders");
}

TEST_CASE("selector errors explain themselves") {
    auto g = shop_graph();
    CHECK(sel(g, "fct_order") == "error: no node matches 'fct_order', did you mean 'fct_orders'?");
    CHECK(sel(g, "tga:daily") == "error: unknown selector method 'tga', did you mean 'tag'?");
    CHECK(sel(g, "tag:") == "error: selector method 'tag' needs a value");
    CHECK(sel(g, "resource_type:table") == "error: unknown resource type 'table'");
}

TEST_CASE("apply with exclude and resource types") {
    auto g = shop_graph();
    graph::Selection s;
    s.select = {"+fct_orders"};
    s.exclude = {"stg_customers"};
    s.resource_types = {"model"};
    auto r = graph::apply(g, s);
    REQUIRE(r.ok());
    CHECK(r->size() == 3);
}

namespace {

// m0 -> m1 -> ... -> m{n-1}, every model under models/chain and tagged "chain".
graph::Graph chain_graph(int n) {
    auto p = test::project();
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> refs;
        if (i > 0) {
            refs.push_back("m" + std::to_string(i - 1));
        }
        auto m = test::model("m" + std::to_string(i), refs, "models/chain");
        m.tags = {"chain"};
        p.models.push_back(m);
    }
    core::CollectingSink sink;
    auto g = graph::build_graph(p, sink);
    REQUIRE_FALSE(sink.has_errors());
    return g;
}

} // namespace

TEST_CASE("@ includes the ancestors of the node itself") {
    auto g = shop_graph();
    CHECK(sel(g, "@rpt_daily") == "fct_orders int_orders raw.orders rpt_daily stg_customers stg_orders");
    CHECK(sel(g, "@stg_customers") == "fct_orders int_orders raw.orders rpt_daily stg_customers stg_orders");
}

TEST_CASE("graph operators on many matched nodes at once") {
    auto g = chain_graph(50);
    CHECK(sel(g, "2+m10") == "m10 m8 m9");
    CHECK(sel(g, "m47+") == "m47 m48 m49");
    CHECK(sel(g, "m47+1") == "m47 m48");
    CHECK(sel(g, "0+m10") == "m10");
    CHECK(sel(g, "+path:models/chain").size() == sel(g, "tag:chain").size());
    CHECK(sel(g, "1+m3,m2+1") == "m2 m3");
    CHECK(sel(g, "m1 m3") == "m1 m3");
    CHECK(sel(g, "2+m20,m19+") == "m19 m20");
    CHECK(sel(g, "@m25,m0") == "m0");
    // Depths larger than the graph are harmless.
    CHECK(sel(g, "1000000+m1") == "m0 m1");
    CHECK(sel(g, "m48+2147483647") == "m48 m49");
    auto all = graph::select(g, "@tag:chain");
    REQUIRE(all.ok());
    CHECK(all->size() == 50);
}

TEST_CASE("selector depths that overflow are selector errors") {
    auto g = shop_graph();
    CHECK(sel(g, "stg_orders+99999999999999999999") ==
          "error: depth '99999999999999999999' is too large in 'stg_orders+99999999999999999999'");
    CHECK(sel(g, "99999999999999999999+stg_orders") ==
          "error: depth '99999999999999999999' is too large in '99999999999999999999+stg_orders'");
    CHECK(sel(g, "2147483648+fct_orders") ==
          "error: depth '2147483648' is too large in '2147483648+fct_orders'");
    CHECK(sel(g, "tag:daily,stg_orders+99999999999999999999999999999999999999") ==
          "error: depth '99999999999999999999999999999999999999' is too large in "
          "'stg_orders+99999999999999999999999999999999999999'");
    graph::Selection s;
    s.select = {"stg_orders+99999999999999999999"};
    auto r = graph::apply(g, s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("--select 'stg_orders+99999999999999999999'") == 0);
    s.select = {};
    s.exclude = {"99999999999999999999+stg_orders"};
    r = graph::apply(g, s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("--exclude '99999999999999999999+stg_orders'") == 0);
}
