// The compile pass of the column stage: models whose render reads `execute` are rendered again as
// dbt compiles them, with the columns the project knows answering adapter.get_columns_in_relation.

#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include "project_test_support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dpipe;
using namespace dpipe::project_test;

namespace {

// A package of introspecting macros written for these tests: at parse time (`execute` false)
// star renders `*` and union nothing, as such macros do.
const char* const k_star = R"({% macro star(from, except=[], prefix='', relation_alias=none) -%}
{%- if not execute -%}*{%- else -%}
{%- set skip = except | map('lower') | list -%}
{%- set names = [] -%}
{%- for col in adapter.get_columns_in_relation(from) -%}
{%- if col.name | lower not in skip -%}
{%- set qualified = (relation_alias ~ '.' if relation_alias else '') ~ adapter.quote(col.name) -%}
{%- do names.append(qualified ~ (' as ' ~ adapter.quote(prefix ~ col.name) if prefix else '')) -%}
{%- endif -%}
{%- endfor -%}
{{ names | join(', ') }}
{%- endif -%}
{%- endmacro %}
)";

const char* const k_union = R"({% macro union(relations) -%}
{%- if execute -%}
{%- set by_relation = {} -%}
{%- set all = [] -%}
{%- for r in relations -%}
{%- set names = [] -%}
{%- for col in adapter.get_columns_in_relation(r) -%}
{%- do names.append(col.name) -%}
{%- if col.name not in all -%}{%- do all.append(col.name) -%}{%- endif -%}
{%- endfor -%}
{%- do by_relation.update({r: names}) -%}
{%- endfor -%}
{%- for r in relations %}
select {% for n in all %}cast({{ n if n in by_relation[r] else 'null' }} as {{ dbt.type_string() }}) as {{ n }}{{ ', ' if not loop.last }}{% endfor %} from {{ r }}
{% if not loop.last %}union all{% endif %}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}
)";

util::MemorySource fixture() {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\nversion: '1.0'\nprofile: shop\n");
    src.add("dbt_packages/cols/dbt_project.yml", "name: cols\nversion: '1.0'\n");
    src.add("dbt_packages/cols/macros/star.sql", k_star);
    src.add("dbt_packages/cols/macros/union.sql", k_union);
    src.add("seeds/customers.csv", "id,name,email\n1,ann,a@x\n");
    src.add("models/_sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n"
                                   "      - name: orders\n        columns: [{name: id, data_type: integer}, {name: amount}]\n"
                                   "      - name: events\n");
    src.add("models/stg_orders.sql", "select id as order_id, amount\nfrom {{ source('raw', 'orders') }}\n");
    src.add("models/more_orders.sql", "select order_id, 'web' as channel\nfrom {{ ref('stg_orders') }}\n");
    return src;
}

} // namespace

TEST_CASE("star with except and prefix over a seed is traced from the compiled SQL") {
    auto src = fixture();
    src.add("models/customer_names.sql",
            "select {{ cols.star(from=ref('customers'), except=['EMAIL'], prefix='c_') }}\nfrom {{ ref('customers') }}\n");
    auto t = trace(src, true);
    CHECK(model(t.snapshot, "customer_names").rendered.reads_execute);
    CHECK(model(t.snapshot, "customer_names").rendered.sql.find('*') != std::string::npos); // what lint reads
    CHECK(t.model("customer_names").compiled);
    CHECK(t.model("customer_names").compile_failure.empty());
    CHECK(t.columns("customer_names") == "c_id<-customers.id c_name<-customers.name");
    CHECK(model(t.snapshot, "customer_names").state.status == core::NodeStatus::Ok);
}

TEST_CASE("star with a relation alias over a model reads the columns traced in an earlier wave") {
    auto src = fixture();
    src.add("models/orders_copy.sql", "select {{ cols.star(ref('stg_orders'), relation_alias='o') }}, 1 as one\n"
                                      "from {{ ref('stg_orders') }} as o\n");
    auto t = trace(src, true);
    CHECK(t.model("orders_copy").compiled);
    CHECK(t.columns("orders_copy") == "order_id<-stg_orders.order_id amount<-stg_orders.amount one<-");
}

TEST_CASE("a model that does not parse before it compiles is traced from its compiled SQL") {
    auto src = fixture();
    src.add("models/grouped.sql", "select {{ cols.star(ref('customers')) }}\nfrom {{ ref('customers') }}\n"
                                  "group by {{ cols.star(ref('customers')) }}\n");
    auto s = build(src, nullptr, true);
    REQUIRE(s.project.find_model("grouped") != nullptr);
    CHECK(s.project.find_model("grouped")->state.status == core::NodeStatus::ParseFailed);
    auto t = trace(src, true);
    CHECK(t.model("grouped").compiled);
    CHECK(model(t.snapshot, "grouped").state.status == core::NodeStatus::Ok);
    CHECK(t.columns("grouped") == "id<-customers.id name<-customers.name email<-customers.email");
}

TEST_CASE("a union of two refs has each column traced to both relations") {
    auto src = fixture();
    src.add("models/all_orders.sql", "{{ cols.union([ref('stg_orders'), ref('more_orders')]) }}\n");
    auto t = trace(src, true);
    CHECK(t.model("all_orders").compiled);
    CHECK(t.columns("all_orders") == "order_id<-stg_orders.order_id,more_orders.order_id amount<-stg_orders.amount "
                                     "channel<-more_orders.channel");
    CHECK(model(t.snapshot, "all_orders").state.status == core::NodeStatus::Ok);
}

TEST_CASE("a compile render that needs the warehouse or unknown columns keeps the parse-time lineage") {
    auto src = fixture();
    src.add("models/queried.sql", "{% if execute %}{% set r = run_query('select 1') %}{% endif %}"
                                  "select {{ cols.star(ref('stg_orders'), except=['amount']) }}\nfrom {{ ref('stg_orders') }}\n");
    src.add("models/logged.sql", "{% if execute %}{{ log('compiling', info=True) }}{% endif %}"
                                 "select order_id from {{ ref('stg_orders') }}\n");
    src.add("models/unknown.sql", "select {{ cols.star(source('raw', 'events')) }}\nfrom {{ source('raw', 'events') }}\n");
    auto t = trace(src, true);
    CHECK_FALSE(t.model("queried").compiled);
    CHECK(t.model("queried").compile_failure ==
          "models/queried.sql:1:28: error: run_query() needs the warehouse, and a compile render has none [TP007]");
    // As without a compile pass: the parse-time `*` over stg_orders, `except` not applied.
    CHECK(t.columns("queried") == "order_id<-stg_orders.order_id amount<-stg_orders.amount");
    CHECK_FALSE(t.model("unknown").compiled);
    CHECK(t.model("unknown").compile_failure.find("events's columns are not known") != std::string::npos);
    CHECK(model(t.snapshot, "unknown").state.status == core::NodeStatus::NotTraced);
    // Models that never read `execute` are not compiled, nor traced again when compiling changes
    // nothing.
    CHECK_FALSE(t.model("stg_orders").compiled);
    CHECK(t.model("stg_orders").compile_failure.empty());
    CHECK(model(t.snapshot, "logged").rendered.reads_execute);
    CHECK_FALSE(t.model("logged").compiled);
    CHECK(t.model("logged").compile_failure.empty());
    CHECK(t.columns("logged") == "order_id<-stg_orders.order_id");
}
