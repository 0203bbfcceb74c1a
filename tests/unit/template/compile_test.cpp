// Compile renders (RenderRequest::compile): `execute` is true, adapter.get_columns_in_relation()
// answers from the caller's Warehouse, and whatever needs data fails with TP007.

#include "template/render.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

struct Ctx {
    MacroRegistry macros;
    core::CollectingSink sink;
    Warehouse warehouse;
    std::string text;
    std::vector<std::string> asked; // the relations the warehouse was asked about

    Ctx() {
        macros.set_root_package("shop");
        warehouse.columns = [this](const std::string& rel) -> util::Result<std::vector<RelationColumn>, std::string> {
            asked.push_back(rel);
            if (rel == "\"analytics\".\"orders\"") {
                return std::vector<RelationColumn>{{"id", "integer"}, {"status", "text"}, {"note", ""}};
            }
            return util::unexpected(std::string("not known"));
        };
    }
    RenderRequest request(const std::string& t, bool compile) {
        text = t;
        RenderRequest req;
        req.text = text;
        req.file = "models/a.sql";
        req.macros = &macros;
        req.model_name = "a";
        req.target.schema = "analytics";
        req.compile = compile ? &warehouse : nullptr;
        return req;
    }
    std::string sql(const std::string& t, bool compile = true) {
        auto r = render(request(t, compile));
        return r ? r->rendered.sql : "ERROR: " + r.error().headline();
    }
};

} // namespace

TEST_CASE("a render records whether it read execute, which is false unless it compiles") {
    Ctx c;
    auto parsed = render(c.request("{% if execute %}x{% else %}y{% endif %}", false));
    REQUIRE(parsed);
    CHECK(parsed->rendered.sql == "y");
    CHECK(parsed->rendered.reads_execute);
    auto plain = render(c.request("select 1", false));
    REQUIRE(plain);
    CHECK_FALSE(plain->rendered.reads_execute);
    CHECK(c.sql("{% if execute %}x{% else %}y{% endif %}") == "x");
    CHECK(c.sql("{{ flags.WHICH }}", false) == "compile");
    CHECK(c.sql("{{ flags.WHICH }}") == "run"); // the relation traced is the one `dbt run` builds
    // At parse time introspection answers nothing and the warehouse is never asked.
    auto unguarded = render(c.request("{{ adapter.get_columns_in_relation(ref('orders')) | length }}", false));
    REQUIRE(unguarded);
    CHECK(unguarded->rendered.sql == "0");
    CHECK(c.asked.empty());
    // Asked without an execute guard, the columns are what compiling answers: compile it.
    CHECK(unguarded->rendered.reads_execute);
}

TEST_CASE("execute read in a ref() override alone does not mark the render for compiling") {
    Ctx c;
    c.macros.add_file("shop", "macros/ref.sql",
                      "{% macro ref(name) %}{% if execute %}{% set n = graph.nodes %}{% endif %}"
                      "{{ return(builtins.ref(name)) }}{% endmacro %}"
                      "{% macro log_it() %}{% if execute %}{% do log('x') %}{% endif %}{% endmacro %}",
                      c.sink);
    auto overridden = render(c.request("select * from {{ ref('orders') }}", false));
    REQUIRE(overridden);
    CHECK(overridden->rendered.sql == "select * from \"analytics\".\"orders\"");
    CHECK_FALSE(overridden->rendered.reads_execute);
    // Read anywhere else (here a macro the model calls), it does.
    auto logged = render(c.request("{{ log_it() }}select * from {{ ref('orders') }}", false));
    REQUIRE(logged);
    CHECK(logged->rendered.reads_execute);
}

TEST_CASE("get_columns_in_relation gives api.Column objects of the relation the warehouse knows") {
    Ctx c;
    CHECK(c.sql("{% for col in adapter.get_columns_in_relation(ref('orders')) %}"
                "{{ col.name }}:{{ col.column }}:{{ col.data_type }}:{{ col.dtype }}:{{ col.quoted }}:"
                "{{ col.is_string() }}:{{ col.is_number() }};{% endfor %}") ==
          "id:id:integer:integer:\"id\":False:True;status:status:text:text:\"status\":True:False;"
          "note:note:unknown:unknown:\"note\":False:False;");
    CHECK(c.asked == std::vector<std::string>{"\"analytics\".\"orders\""});
    // Relations are dict keys, as union macros use them.
    CHECK(c.sql("{% set r = ref('orders') %}{% set d = {} %}{% do d.update({r: 1}) %}{{ d[r] }}") == "1");
}

TEST_CASE("a compile render fails, located, where the warehouse is needed") {
    Ctx c;
    CHECK(c.sql("select\n  {{ adapter.get_columns_in_relation(ref('customers')) }}") ==
          "ERROR: models/a.sql:2:6: error: adapter.get_columns_in_relation(\"analytics\".\"customers\"): not known "
          "[TP007]");
    CHECK(c.sql("{{ adapter.get_columns_in_relation('orders') }}") ==
          "ERROR: models/a.sql:1:4: error: adapter.get_columns_in_relation() needs a relation, got str [TP002]");
    CHECK(c.sql("{% set t = run_query('select 1') %}") ==
          "ERROR: models/a.sql:1:12: error: run_query() needs the warehouse, and a compile render has none [TP007]");
    CHECK(c.sql("{% call statement('x', fetch_result=True) %}select 1{% endcall %}")
              .find("statement() needs the warehouse") != std::string::npos);
    CHECK(c.sql("{{ load_result('x') }}").find("load_result() needs the warehouse") != std::string::npos);
    CHECK(c.sql("{{ adapter.get_relation(database=none, schema='s', identifier='t') }}") ==
          "ERROR: models/a.sql:1:4: error: adapter.get_relation() needs the warehouse, and a compile render has "
          "none [TP007]");
    CHECK(c.sql("{{ adapter.list_relations_without_caching(ref('orders')) }}").find("[TP007]") != std::string::npos);
    // `graph` is as empty as at parse time: a ref() override that looks its node up there takes
    // its not-found branch (builtins.ref), which is the relation the parse-time render gave.
    CHECK(c.sql("{{ graph.nodes | length }}") == "0");
    // Parse time stays as dbt parses: empty results, no error.
    CHECK(c.sql("{% set t = run_query('select 1') %}{{ t.rows | length }}", false) == "0");
    CHECK(c.sql("{{ adapter.quote('x') }}") == "\"x\"");
}
