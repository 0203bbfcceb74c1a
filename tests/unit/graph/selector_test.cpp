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
