// The SQL rules (SQ) on small projects: each fires where it should (path:line:col) and not on
// the corrected SQL.

#include "harness.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using dpipe::lint::test::Harness;
using Strings = std::vector<std::string>;

namespace {

const char* k_sources = "version: 2\nsources:\n  - name: raw\n    tables:\n"
                        "      - name: orders\n        columns: [{name: id}, {name: amount}, {name: customer_id}]\n"
                        "      - name: customers\n        columns: [{name: id}, {name: name}]\n";

Harness one_model(const std::string& path, const std::string& sql) {
    return Harness({{"models/_sources.yml", k_sources}, {path, sql}});
}

} // namespace

TEST_CASE("SQ001 reports SQL that does not parse, located in the model") {
    Harness h = one_model("models/bad.sql", "select id,\n  from from {{ source('raw', 'orders') }}\n");
    auto seen = h.run("SQ001");
    REQUIRE(seen.size() >= 1);
    CHECK(seen[0].where.rfind("models/bad.sql:2:", 0) == 0);
    CHECK(one_model("models/ok.sql", "select id from {{ source('raw', 'orders') }}\n").run("SQ001").empty());
}

TEST_CASE("SQ001 reports a model whose Jinja does not render") {
    Harness h = one_model("models/bad.sql", "select 1 as x\n{{ no_such_macro() }}\n");
    auto seen = h.run("SQ001");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].where.rfind("models/bad.sql", 0) == 0);
    CHECK(seen[0].message.find("rendered") != std::string::npos);
}

TEST_CASE("SQ002 select star in the final select of a mart, not in its CTEs") {
    Harness h({{"models/_sources.yml", k_sources},
               {"models/marts/fct_orders.sql", "with o as (select * from {{ source('raw', 'orders') }})\n"
                                               "select * from o\n"},
               {"models/staging/stg_orders.sql", "select * from {{ source('raw', 'orders') }}\n"},
               {"models/marts/dim_customers.sql", "with c as (select * from {{ source('raw', 'customers') }})\n"
                                                  "select id, name from c\n"}});
    CHECK(h.where("SQ002") == Strings{"models/marts/fct_orders.sql:2:8"});
    Harness final_cte({{"models/_sources.yml", k_sources},
                       {"models/marts/fct_orders.sql", "with o as (select * from {{ source('raw', 'orders') }}),\n"
                                                       "final as (select id, amount from o)\nselect * from final\n"},
                       {"models/marts/fct_all.sql", "with o as (select * from {{ source('raw', 'orders') }}),\n"
                                                    "final as (select * from o)\nselect * from final\n"}});
    CHECK(final_cte.where("SQ002") == Strings{"models/marts/fct_all.sql:3:8"});
    CHECK(h.where("SQ002", {{"folders", core::Json::array()}, {"prefixes", core::Json::array({"stg_"})}}) ==
          Strings{"models/staging/stg_orders.sql:1:8"});
}

TEST_CASE("SQ003 comma joins without a condition") {
    Harness bad = one_model("models/x.sql", "select o.id, c.name\nfrom {{ source('raw', 'orders') }} o, "
                                            "{{ source('raw', 'customers') }} c\n");
    CHECK(bad.where("SQ003") == Strings{"models/x.sql:2:39"});
    Harness good = one_model("models/x.sql", "select o.id, c.name\nfrom {{ source('raw', 'orders') }} o, "
                                             "{{ source('raw', 'customers') }} c\nwhere c.id = o.customer_id\n");
    CHECK(good.where("SQ003").empty());
    Harness cross = one_model("models/x.sql", "select o.id\nfrom {{ source('raw', 'orders') }} o\n"
                                              "cross join {{ source('raw', 'customers') }} c\n");
    CHECK(cross.where("SQ003").empty());
}

TEST_CASE("SQ004 NOT IN with a subquery") {
    Harness bad = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\n"
                                            "where customer_id not in (select id from {{ source('raw', 'customers') }})\n");
    CHECK(bad.where("SQ004") == Strings{"models/x.sql:2:7"});
    Harness good = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\n"
                                             "where customer_id not in (1, 2)\n");
    CHECK(good.where("SQ004").empty());
}

TEST_CASE("SQ005 equals NULL, with a fix") {
    Harness bad = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\n"
                                            "where amount = null or customer_id <> NULL\n");
    CHECK(bad.where("SQ005") == Strings{"models/x.sql:2:24", "models/x.sql:2:7"});
    CHECK(bad.fixed("SQ005", "models/x.sql") ==
          "select id from {{ source('raw', 'orders') }}\nwhere amount is null or customer_id IS NOT NULL\n");
    CHECK(one_model("models/x.sql", "select id from {{ source('raw', 'orders') }} where amount is null\n")
              .where("SQ005")
              .empty());
}

TEST_CASE("SQ006 hard-coded relation names, not CTEs nor ref/source output") {
    Harness bad = one_model("models/x.sql", "with o as (select * from {{ source('raw', 'orders') }})\n"
                                            "select o.id from o\njoin analytics.customers c on c.id = o.customer_id\n");
    auto seen = bad.run("SQ006");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].where == "models/x.sql:3:6");
    CHECK(seen[0].message.find("analytics.customers") != std::string::npos);
    CHECK(bad.where("SQ006", {{"allow", core::Json::array({"analytics.customers"})}}).empty());
}

TEST_CASE("SQ007 DDL and DML in a model") {
    Harness bad = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }};\n"
                                            "grant select on orders to reporting;\ndelete from orders\n");
    CHECK(bad.where("SQ007") == Strings{"models/x.sql:2:1", "models/x.sql:3:1"});
    CHECK(one_model("models/x.sql", "select 1 as x\n").where("SQ007").empty());
}

TEST_CASE("SQ008 ORDER BY without LIMIT") {
    CHECK(one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\norder by id\n").where("SQ008") ==
          Strings{"models/x.sql:2:1"});
    CHECK(one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\norder by id\nlimit 10\n")
              .where("SQ008")
              .empty());
    CHECK(one_model("models/x.sql", "select id, row_number() over (order by id) as rn\n"
                                    "from {{ source('raw', 'orders') }}\n")
              .where("SQ008")
              .empty());
}

TEST_CASE("SQ009 UNION without ALL") {
    Harness bad = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\nunion\n"
                                            "select id from {{ source('raw', 'customers') }}\n");
    CHECK(bad.where("SQ009") == Strings{"models/x.sql:2:1"});
    Harness good = one_model("models/x.sql", "select id from {{ source('raw', 'orders') }}\nunion all\n"
                                             "select id from {{ source('raw', 'customers') }}\n");
    CHECK(good.where("SQ009").empty());
}

TEST_CASE("SQ010 unqualified columns with several relations") {
    Harness bad = one_model("models/x.sql", "select o.id, name\nfrom {{ source('raw', 'orders') }} o\n"
                                            "join {{ source('raw', 'customers') }} c on c.id = o.customer_id\n");
    CHECK(bad.where("SQ010") == Strings{"models/x.sql:1:14"});
    Harness one = one_model("models/x.sql", "select id, amount from {{ source('raw', 'orders') }}\n");
    CHECK(one.where("SQ010").empty());
    Harness using_ = one_model("models/x.sql", "select id\nfrom {{ source('raw', 'orders') }} o\n"
                                               "join {{ source('raw', 'customers') }} c using (id)\n");
    CHECK(using_.where("SQ010").empty());
}

TEST_CASE("SQ011 duplicate output column names") {
    Harness bad = one_model("models/x.sql", "select o.id, c.id, o.amount\nfrom {{ source('raw', 'orders') }} o\n"
                                            "join {{ source('raw', 'customers') }} c on c.id = o.customer_id\n");
    CHECK(bad.where("SQ011") == Strings{"models/x.sql:1:14"});
    Harness alias = one_model("models/x.sql", "select amount as x, id as X from {{ source('raw', 'orders') }}\n");
    CHECK(alias.where("SQ011") == Strings{"models/x.sql:1:27"});
    CHECK(one_model("models/x.sql", "select o.id, c.id as customer_id from {{ source('raw', 'orders') }} o, "
                                    "{{ source('raw', 'customers') }} c where c.id = o.customer_id\n")
              .where("SQ011")
              .empty());
}

TEST_CASE("SQ012 a column the upstream model does not produce") {
    Harness h({{"models/_sources.yml", k_sources},
               {"models/stg_orders.sql", "select id as order_id, amount from {{ source('raw', 'orders') }}\n"},
               {"models/fct_orders.sql", "select o.order_id,\n  o.order_total\nfrom {{ ref('stg_orders') }} o\n"}});
    auto seen = h.run("SQ012");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].where == "models/fct_orders.sql:2:3");
    CHECK(seen[0].message.find("stg_orders") != std::string::npos);
    Harness good({{"models/_sources.yml", k_sources},
                  {"models/stg_orders.sql", "select id as order_id, amount from {{ source('raw', 'orders') }}\n"},
                  {"models/fct_orders.sql", "select o.order_id, o.amount\nfrom {{ ref('stg_orders') }} o\n"}});
    CHECK(good.where("SQ012").empty());
}

TEST_CASE("SQ013 division without a guard") {
    Harness bad = one_model("models/x.sql", "select amount / customer_id as r from {{ source('raw', 'orders') }}\n");
    CHECK(bad.where("SQ013") == Strings{"models/x.sql:1:17"});
    CHECK(one_model("models/x.sql", "select amount / nullif(customer_id, 0) as r, amount / 100 as p,\n"
                                    "case when id = 0 then null else amount / id end as q\n"
                                    "from {{ source('raw', 'orders') }}\n")
              .where("SQ013")
              .empty());
}
