#include "helpers.hpp"

#include "template/parser.hpp"
#include "template/render.hpp"
#include "util/thread_pool.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

struct Fixture {
    MacroRegistry macros;
    core::CollectingSink sink;
    core::Json vars = core::Json::object();

    Fixture() { macros.set_root_package("shop"); }

    RenderRequest request(const std::string& text) {
        RenderRequest req;
        m_text = text;
        req.text = m_text;
        req.file = "models/a.sql";
        req.macros = &macros;
        req.vars = &vars;
        req.model_name = "a";
        req.env = [](const std::string& name) -> std::optional<std::string> {
            if (name == "DB_USER") {
                return std::string("svc");
            }
            return std::nullopt;
        };
        return req;
    }

    RenderResult ok(const std::string& text) {
        auto r = render(request(text));
        if (!r) {
            FAIL(r.error().headline());
        }
        return std::move(r.value());
    }

private:
    std::string m_text;
};

} // namespace

TEST_CASE("ref and source are recorded with their location and substituted") {
    Fixture f;
    auto r = f.ok("select *\nfrom {{ ref('stg_orders') }}\njoin {{ ref('pkg', 'dim') }} "
                  "join {{ ref('v_model', v=2) }}\njoin {{ source('raw', 'events') }}");
    CHECK(r.rendered.sql == "select *\nfrom \"analytics_dev\".\"stg_orders\"\njoin \"analytics_dev\".\"dim\" join "
                            "\"analytics_dev\".\"v_model\"\njoin \"raw\".\"events\"");
    REQUIRE(r.rendered.refs.size() == 3);
    CHECK(r.rendered.refs[0].name == "stg_orders");
    CHECK(r.rendered.refs[0].loc.str() == "models/a.sql:2:9");
    CHECK(r.rendered.refs[1].package == "pkg");
    CHECK(r.rendered.refs[2].version == "2");
    REQUIRE(r.rendered.sources.size() == 1);
    CHECK(r.rendered.sources[0].source_name == "raw");
    CHECK(r.rendered.sources[0].loc.str() == "models/a.sql:4:9");
    CHECK(r.rendered.done);
    CHECK(r.rendered.content_hash == normalized_sql_hash(r.rendered.sql));
}

TEST_CASE("resolvers decide the relation text") {
    Fixture f;
    auto req = f.request("{{ ref('x') }} {{ source('s', 't') }} {{ this }} {{ this.identifier }} {{ this.schema }}");
    req.resolve_ref = [](const core::Ref& r) { return "R(" + r.name + ")"; };
    req.resolve_source = [](const core::SourceCall& s) { return "S(" + s.source_name + "." + s.table_name + ")"; };
    auto r = render(req);
    REQUIRE(r);
    CHECK(r.value().rendered.sql == "R(x) S(s.t) R(a) a analytics_dev");
    CHECK(r.value().rendered.refs.size() == 1); // `this` is not a dependency
}

TEST_CASE("config() calls are merged and config.get reads them") {
    Fixture f;
    auto r = f.ok("{{ config(materialized='table', tags=['a']) }}{{ config(unique_key='id') }}"
                  "{{ config.get('materialized') }} {{ config.get('missing', 'dflt') }}");
    CHECK(r.rendered.sql == "table dflt");
    CHECK(r.rendered.config.dump() == R"({"materialized":"table","tags":["a"],"unique_key":"id"})");
}

TEST_CASE("var, env_var, target, is_incremental, execute") {
    Fixture f;
    f.vars = core::Json::parse(R"({"start": "2024-01-01", "n": 3})");
    auto req = f.request("{{ var('start') }} {{ var('n') + 1 }} {{ var('x', 'd') }} {{ env_var('DB_USER') }} "
                         "{{ env_var('NOPE', 'dv') }} {{ target.name }}.{{ target.schema }}.{{ target.type }} "
                         "{{ is_incremental() }} {{ execute }}");
    req.is_incremental = true;
    auto r = render(req);
    REQUIRE(r);
    CHECK(r.value().rendered.sql == "2024-01-01 4 d svc dv dev.analytics_dev.postgres True False");
}

TEST_CASE("missing var and env var are located errors") {
    Fixture f;
    auto strict = f.request("select\n  {{ var('nope') }}");
    strict.strict_vars = true;
    CHECK(testing::error_of(strict) ==
          "models/a.sql:2:6: error: Required var 'nope' not found in config [TP005]");
    CHECK(testing::error_of(f.request("{{ env_var('NOPE') }}")) ==
          "models/a.sql:1:4: error: Env var required but not provided: 'NOPE' [TP006]");
}

TEST_CASE("user macros record every ref made inside them") {
    Fixture f;
    f.macros.add_file("shop", "macros/union.sql",
                      "{% macro union_models(names) %}\n"
                      "{%- for n in names %}select * from {{ ref(n) }}{% if not loop.last %} union all {% endif %}"
                      "{% endfor -%}\n{% endmacro %}",
                      f.sink);
    REQUIRE(f.sink.items().empty());
    auto r = f.ok("-- x\n{{ union_models(['a', 'b', 'c']) }}");
    CHECK(r.rendered.sql == "-- x\nselect * from \"analytics_dev\".\"a\" union all select * from "
                            "\"analytics_dev\".\"b\" union all select * from \"analytics_dev\".\"c\"");
    REQUIRE(r.rendered.refs.size() == 3);
    CHECK(r.rendered.refs[2].name == "c");
    CHECK(r.rendered.refs[2].loc.str() == "models/a.sql:2:4"); // the call in the model file
}

TEST_CASE("return() gives a macro a value and package macros are namespaced") {
    Fixture f;
    f.macros.add_file("shop", "macros/m.sql",
                      "{% macro cols() %}{{ return(['id', 'amount']) }}{% endmacro %}"
                      "{% macro cents(c) %}({{ c }} / 100.0){% endmacro %}",
                      f.sink);
    f.macros.add_file("utils", "dbt_packages/utils/macros/u.sql", "{% macro star() %}*{% endmacro %}", f.sink);
    auto r = f.ok("{{ cols() | join(', ') }} {{ cents('x') }} {{ utils.star() }} {{ shop.cents('y') }}");
    CHECK(r.rendered.sql == "id, amount (x / 100.0) * (y / 100.0)");
}

TEST_CASE("adapter.dispatch resolves adapter then default implementations") {
    Fixture f;
    f.macros.add_file("shop", "macros/d.sql",
                      "{% macro concat2(a, b) %}{{ return(adapter.dispatch('concat2')(a, b)) }}{% endmacro %}"
                      "{% macro default__concat2(a, b) %}concat({{ a }}, {{ b }}){% endmacro %}"
                      "{% macro snowflake__concat2(a, b) %}{{ a }} || {{ b }}{% endmacro %}",
                      f.sink);
    f.macros.add_file("lib", "dbt_packages/lib/macros/l.sql",
                      "{% macro postgres__now() %}now(){% endmacro %}{% macro default__now() %}x{% endmacro %}",
                      f.sink);
    CHECK(f.ok("{{ concat2('a', 'b') }} {{ adapter.dispatch('now', 'lib')() }} {{ adapter.quote('c') }}").rendered.sql ==
          "concat(a, b) now() \"c\"");
    auto req = f.request("{{ concat2('a', 'b') }}");
    req.target.type = "snowflake";
    CHECK(render(req).value().rendered.sql == "a || b");
    CHECK(testing::error_of(f.request("{{ adapter.dispatch('nothing')() }}")) ==
          "models/a.sql:1:4: error: no macro named 'nothing' found for adapter.dispatch within namespace 'shop' "
          "(searched postgres__nothing, default__nothing) [TP002]");
}

TEST_CASE("a missing package macro degrades to a placeholder and keeps refs") {
    Fixture f;
    auto r = f.ok("select\n  {{ dbt_utils.generate_surrogate_key([ref('x'), 'b']) }} as sk,\n"
                  "  {{ dbt_utils.star(from=ref('y')) }}\nfrom t");
    CHECK(r.rendered.sql == "select\n  __dpipe_unavailable__dbt_utils__generate_surrogate_key as sk,\n"
                            "  __dpipe_unavailable__dbt_utils__star\nfrom t");
    REQUIRE(r.rendered.refs.size() == 2);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].headline() ==
          "models/a.sql:2:6: info: macro 'dbt_utils.generate_surrogate_key' is not available (package 'dbt_utils' is "
          "not installed); rendered as a placeholder [TP100]");
    CHECK(r.diagnostics[1].loc.str() == "models/a.sql:3:6");
}

TEST_CASE("errors inside macros carry the call chain") {
    Fixture f;
    f.macros.add_file("shop", "macros/e.sql",
                      "{% macro outer() %}\n  {{ inner() }}\n{% endmacro %}\n"
                      "{% macro inner() %}\n  {{ exceptions.raise_compiler_error('bad input') }}\n{% endmacro %}",
                      f.sink);
    auto r = render(f.request("select 1\n  {{ outer() }}"));
    REQUIRE_FALSE(r);
    CHECK(r.error().headline() == "macros/e.sql:5:6: error: bad input [TP004]");
    REQUIRE(r.error().notes.size() == 2);
    CHECK(r.error().notes[0] == "in macro 'inner' called from macros/e.sql:2:6");
    CHECK(r.error().notes[1] == "in macro 'outer' called from models/a.sql:2:6");
}

TEST_CASE("exceptions.warn reports a warning and rendering continues") {
    Fixture f;
    auto r = f.ok("a{{ exceptions.warn('careful') }}b");
    CHECK(r.rendered.sql == "ab");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].headline() == "models/a.sql:1:5: warning: careful [TP101]");
}

TEST_CASE("run_query and statement blocks are not executed") {
    Fixture f;
    auto r = f.ok("{% set res = run_query('select 1') %}{{ res.columns[0].values() }} {{ res.rows | length }}"
                  "{% call statement('s', fetch_result=True) %}select * from {{ ref('z') }}{% endcall %}"
                  "{{ load_result('s')['data'] }} {{ log('x', info=True) }}{{ print('y') }}|");
    CHECK(r.rendered.sql == "[] 0[] |");
    REQUIRE(r.rendered.refs.size() == 1);
    CHECK(r.rendered.refs[0].name == "z");
}

TEST_CASE("dbt helpers: fromjson, tojson, zip, set, modules.datetime") {
    Fixture f;
    auto r = f.ok("{{ fromjson('{\"a\": [1, 2]}').a[1] }} {{ tojson({'b': 1, 'a': 2}) }} {{ zip([1, 2], 'ab') | list }} "
                  "{{ set([1, 1, 2]) }} {{ modules.datetime.date(2024, 1, 31) }} "
                  "{{ modules.datetime.datetime(2024, 2, 1, 3, 4, 5).strftime('%Y%m%d %H:%M') }} "
                  "{{ modules.datetime.datetime.now().year > 2000 }}");
    CHECK(r.rendered.sql == "2 {\"b\": 1, \"a\": 2} [(1, 'a'), (2, 'b')] [1, 2] 2024-01-31 20240201 03:04 True");
}

TEST_CASE("registry reports syntax errors and duplicate macros") {
    Fixture f;
    f.macros.add_file("shop", "macros/bad.sql", "{% macro a() %}", f.sink);
    f.macros.add_file("shop", "macros/one.sql", "{% macro d() %}{% endmacro %}", f.sink);
    f.macros.add_file("shop", "macros/two.sql", "\n{% macro d() %}{% endmacro %}", f.sink);
    REQUIRE(f.sink.items().size() == 2);
    CHECK(f.sink.items()[0].code == "TP001");
    CHECK(f.sink.items()[1].headline() == "macros/two.sql:2:1: error: macro 'd' is defined twice in package 'shop' [TP010]");
}

TEST_CASE("normalized_sql_hash ignores comments and whitespace but not literals") {
    CHECK(normalized_sql_hash("select  a,\n b -- c\nfrom t /* x */") == normalized_sql_hash("select a, b from t"));
    CHECK(normalized_sql_hash("select 'a  b'") != normalized_sql_hash("select 'a b'"));
    CHECK(normalized_sql_hash("select '--not a comment'") != normalized_sql_hash("select '"));
    CHECK(normalized_sql_hash("select 1") == normalized_sql_hash("  select 1  "));
}

TEST_CASE("renders on several threads share one registry") {
    Fixture f;
    f.macros.add_file("shop", "macros/m.sql",
                      "{% macro pick(xs) %}{% for x in xs %}{{ ref(x) }}{{ ',' if not loop.last }}{% endfor %}"
                      "{% endmacro %}",
                      f.sink);
    std::string text = "select {{ pick(['a', 'b']) }} {{ var('n', 1) + 1 }}";
    std::vector<std::string> outputs(64);
    std::vector<std::size_t> ref_counts(64);
    util::parallel_for(outputs.size(), [&](std::size_t i) {
        RenderRequest req;
        req.text = text;
        req.file = "models/m" + std::to_string(i) + ".sql";
        req.macros = &f.macros;
        auto r = render(req);
        if (r) {
            outputs[i] = r.value().rendered.sql;
            ref_counts[i] = r.value().rendered.refs.size();
        }
    }, 4);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        CHECK(outputs[i] == "select \"analytics_dev\".\"a\",\"analytics_dev\".\"b\" 2");
        CHECK(ref_counts[i] == 2);
    }
}

TEST_CASE("parse once, render many") {
    Fixture f;
    auto parsed = parse_template("{{ ref(name) }}", "models/x.sql");
    REQUIRE(parsed);
    for (const char* name : {"one", "two"}) {
        core::Json g = core::Json::object();
        g["name"] = name;
        RenderRequest req = f.request("");
        req.globals = &g;
        auto r = render_parsed(*parsed.value(), req);
        REQUIRE(r);
        REQUIRE(r.value().rendered.refs.size() == 1);
        CHECK(r.value().rendered.refs[0].name == name);
    }
}
