// The parse-time dbt context: builtins, api, modules, loop controls, relations, dispatch order,
// and the helpers dbt projects and packages call while dbt parses them.

#include "helpers.hpp"

#include "template/render.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

struct Ctx {
    MacroRegistry macros;
    core::CollectingSink sink;
    core::Json vars = core::Json::object();
    std::string text;

    Ctx() { macros.set_root_package("shop"); }

    RenderRequest request(const std::string& t) {
        text = t;
        RenderRequest req;
        req.text = text;
        req.file = "models/a.sql";
        req.macros = &macros;
        req.vars = &vars;
        req.model_name = "a";
        return req;
    }
    std::string sql(const std::string& t) {
        auto r = render(request(t));
        return r ? r->rendered.sql : "ERROR: " + r.error().headline();
    }
};

} // namespace

TEST_CASE("loop controls: break and continue") {
    CHECK(testing::jinja("{% for i in range(9) %}{% if i == 1 %}{% continue %}{% endif %}"
                         "{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}") == "023");
    CHECK(testing::jinja("{% break %}") == "ERROR: t.sql:1:4: error: template syntax error: 'break' outside loop [TP001]");
    CHECK(testing::jinja("{% for i in [1] %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}").rfind(
              "ERROR: t.sql:1:", 0) == 0);
}

TEST_CASE("do, return, zip, set, tojson, fromjson") {
    Ctx c;
    CHECK(c.sql("{% set l = [] %}{% do l.append(1) %}{{ l }}") == "[1]");
    c.macros.add_file("shop", "macros/m.sql", "{% macro two() %}{{ return(2) }}{% endmacro %}", c.sink);
    CHECK(c.sql("{{ two() + 1 }}") == "3");
    CHECK(c.sql("{{ zip([1, 2], ['a', 'b']) | list }}") == "[(1, 'a'), (2, 'b')]");
    CHECK(c.sql("{{ set([1, 1, 2]) | list }}") == "[1, 2]");
    CHECK(c.sql("{{ tojson({'a': [1]}) }}|{{ fromjson('{\"b\": 2}').b }}") == "{\"a\": [1]}|2");
}

TEST_CASE("builtins.ref keeps edges when a project overrides ref") {
    Ctx c;
    c.macros.add_file("shop", "macros/ref.sql",
                      "{% macro ref(name) %}{{ return(builtins.ref(name).include(database=false)) }}{% endmacro %}",
                      c.sink);
    auto r = render(c.request("select * from {{ ref('orders') }}"));
    REQUIRE(r);
    CHECK(r->rendered.sql == "select * from \"analytics_dev\".\"orders\"");
    REQUIRE(r->rendered.refs.size() == 1);
    CHECK(r->rendered.refs[0].name == "orders");
    CHECK(c.sql("{{ builtins.source('raw', 'e') }}|{% do builtins.config(materialized='table') %}") ==
          "\"raw\".\"e\"|");
}

TEST_CASE("builtins.ref.config is the runtime config: project, packages and their versions") {
    Ctx c;
    core::Project project;
    project.name = "shop";
    project.version = "1.2.0";
    core::Package pkg;
    pkg.name = "elementary";
    pkg.version = "0.16.1";
    project.packages.push_back(pkg);
    auto req = c.request("{% set conf = builtins.ref.config %}{{ conf.project_name }} {{ conf.version }} "
                         "{{ conf.dependencies['elementary'].version }} {{ conf.dependencies['shop'].project_name }} "
                         "{{ conf.dependencies | length }}");
    req.project = &project;
    auto r = render(req);
    REQUIRE(r);
    CHECK(r->rendered.sql == "shop 1.2.0 0.16.1 shop 2");
    // Without a project, only the root package is known; other attributes stay undefined.
    CHECK(c.sql("{{ builtins.ref.config.project_name }}|{{ builtins.ref.config.dependencies | length }}") == "shop|1");
    CHECK(c.sql("{{ builtins.ref.nothing is defined }}") == "False");
}

TEST_CASE("a var holding Jinja is rendered where var() is called, as dbt renders it") {
    Ctx c;
    c.vars["region"] = "{{ env_var('DPIPE_TEST_REGION_UNSET', 'eu') }}-{{ var('zone') }}";
    c.vars["zone"] = "{% if true %}z1{% endif %}";
    c.vars["plain"] = "a {b} c";
    c.vars["self"] = "{{ var('self') }}";
    c.vars["broken"] = "{{ oops(";
    CHECK(c.sql("{{ var('region') }}|{{ var('plain') }}") == "eu-z1|a {b} c");
    CHECK(c.sql("{{ var('self') }}").find("reads vars more than 8 deep") != std::string::npos);
    CHECK(c.sql("{{ var('broken') }}").find("var 'broken' holds a template that does not parse") != std::string::npos);
}

TEST_CASE("ref() gives a Relation: mapping, parts, include, quote") {
    Ctx c;
    CHECK(c.sql("{% set r = ref('orders') %}{{ r is mapping }} {{ r.get('metadata', {}).get('type', '') }} "
                "{{ r.schema }}.{{ r.identifier }}={{ r.name }} {{ r.include(schema=false) }} "
                "{{ r.quote(identifier=false) }} {{ r.render() }}") ==
          "True BaseRelation analytics_dev.orders=orders \"orders\" \"analytics_dev\".orders "
          "\"analytics_dev\".\"orders\"");
    CHECK(c.sql("{{ this }}|{{ this.identifier }}|{{ this.incorporate(path={'identifier': 'b'}) }}") ==
          "\"analytics_dev\".\"a\"|a|\"analytics_dev\".\"b\"");
    CHECK(c.sql("{{ source('raw', 'events').include(database=false).identifier }}") == "events");
}

TEST_CASE("api.Relation and api.Column") {
    Ctx c;
    CHECK(c.sql("{{ api.Relation.create(database='d', schema='s', identifier='t') }}|"
                "{{ api.Relation.create(schema='s', identifier='t', type='view').is_view }}") ==
          "\"d\".\"s\".\"t\"|True");
    CHECK(c.sql("{% set col = api.Column('id', 'integer') %}{{ col.name }} {{ col.quoted }} {{ col.dtype }} "
                "{{ col.is_number() }} {{ col.is_string() }} {{ api.Column.translate_type('string') }}") ==
          "id \"id\" integer True False TEXT");
}

TEST_CASE("modules: datetime with timedelta, re, itertools, pytz") {
    Ctx c;
    CHECK(c.sql("{% set dt = modules.datetime %}"
                "{{ (dt.datetime.strptime('2024-03-01', '%Y-%m-%d') - dt.datetime(2024, 2, 1)).days }} "
                "{{ dt.date(2024, 2, 28) + dt.timedelta(days=2) }} "
                "{{ (dt.datetime(2024, 1, 1, 12) - dt.timedelta(hours=13)).strftime('%Y-%m-%d %H') }} "
                "{{ dt.datetime.fromisoformat('2024-05-06T07:08:09').minute }} "
                "{{ dt.date(2024, 1, 2) > dt.date(2024, 1, 1) }}") == "29 2024-03-01 2023-12-31 23 8 True");
    CHECK(c.sql("{{ modules.re.sub('[ -]+', '_', 'a b--c') }} {{ modules.re.match('(\\\\d+)-(?P<x>\\\\w)', '12-z').group(2) }} "
                "{{ modules.re.findall('\\\\d', 'a1b2') }} {{ modules.re.search('B', 'abc', modules.re.IGNORECASE) is not none }} "
                "{{ modules.re.match('b', 'abc') }}") == "a_b_c z ['1', '2'] True None");
    CHECK(c.sql("{{ modules.itertools.product([1, 2], ['a']) | list }} {{ modules.itertools.chain([1], [2]) | list }}") ==
          "[(1, 'a'), (2, 'a')] [1, 2]");
    CHECK(c.sql("{{ modules.pytz.timezone('Europe/London') }} {{ 'America/New_York' in modules.pytz.all_timezones }} "
                "{{ run_started_at.astimezone(modules.pytz.utc).year > 2000 }}") == "Europe/London True True");
}

TEST_CASE("adapter.dispatch searches the root project before an installed namespace") {
    Ctx c;
    c.macros.add_file("utils", "macros/lz.sql",
                      "{% macro limit_zero() %}{{ return(adapter.dispatch('limit_zero', 'utils')()) }}{% endmacro %}"
                      "{% macro default__limit_zero() %}{{ return('limit 0') }}{% endmacro %}",
                      c.sink);
    CHECK(c.sql("{{ utils.limit_zero() }}") == "limit 0");
    c.macros.add_file("shop", "macros/lz.sql", "{% macro postgres__limit_zero() %}{{ return('limit 0 -- root') }}{% endmacro %}",
                      c.sink);
    CHECK(c.sql("{{ utils.limit_zero() }}") == "limit 0 -- root");
    // dispatch: config decides the order.
    c.macros.set_dispatch_order("utils", {"utils", "shop"});
    CHECK(c.sql("{{ utils.limit_zero() }}") == "limit 0");
    // dbt's own namespace: a root override, else dbt's macro.
    CHECK(c.sql("{{ adapter.dispatch('type_string', 'dbt')() }}") == "TEXT");
}

TEST_CASE("parse-time helpers: statement, load_result, run_query, adapter, flags, graph, md5") {
    Ctx c;
    CHECK(c.sql("{% call statement('s', fetch_result=True) %}select 1{% endcall %}"
                "{{ load_result('s').table.rows | length }} {{ run_query('select 1').rows | length }} "
                "{{ adapter.get_columns_in_relation(ref('x')) }} {{ execute }}") == "0 0 [] False");
    CHECK(c.sql("{{ flags.FULL_REFRESH }} {{ graph.nodes }} {{ is_incremental() }} {{ should_full_refresh() }} "
                "{{ invocation_id | length }} {{ run_started_at.year > 2000 }}") == "False {} False False 36 True");
    CHECK(c.sql("{{ local_md5('abc') }}") == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("exceptions: raise_compiler_error fails, warn warns") {
    Ctx c;
    CHECK(c.sql("{{ exceptions.raise_compiler_error('bad') }}") == "ERROR: models/a.sql:1:4: error: bad [TP004]");
    auto r = render(c.request("{% do exceptions.warn('careful') %}ok"));
    REQUIRE(r);
    CHECK(r->rendered.sql == "ok");
    REQUIRE(r->diagnostics.size() == 1);
    CHECK(r->diagnostics[0].code == "TP101");
}

TEST_CASE("a var without default renders None with a warning while parsing") {
    Ctx c;
    auto r = render(c.request("{{ var('nope') }}"));
    REQUIRE(r);
    CHECK(r->rendered.sql == "None");
    REQUIRE(r->diagnostics.size() == 1);
    CHECK(r->diagnostics[0].code == "TP102");
    auto strict = c.request("{{ var('nope') }}");
    strict.strict_vars = true;
    CHECK(testing::error_of(strict) == "models/a.sql:1:4: error: Required var 'nope' not found in config [TP005]");
}

TEST_CASE("fromyaml and toyaml") {
    Ctx c;
    CHECK(c.sql("{% set d = fromyaml('a: 1\\nb: [x, y]\\nc:\\n  - k: v\\n') %}{{ d.a }} {{ d.b }} {{ d.c[0].k }}") ==
          "1 ['x', 'y'] v");
    CHECK(c.sql("{{ toyaml({'a': 1, 'b': ['x']}) }}") == "a: 1\nb:\n- x\n");
}

TEST_CASE("a byte order mark is not rendered and a block set may target a namespace attribute") {
    CHECK(testing::jinja("\xEF\xBB\xBFselect {{ 1 }}") == "select 1");
    CHECK(testing::jinja("{% set ns = namespace(m='') %}{% set ns.m %}a{{ 2 }}{% endset %}{{ ns.m }}") == "a2");
}
