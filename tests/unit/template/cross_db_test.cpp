// dbt's cross-database macros per adapter, and the placeholders of unavailable macros.

#include "helpers.hpp"

#include "template/render.hpp"

#include <catch2/catch.hpp>

using namespace dpipe;
using namespace dpipe::tmpl;

namespace {

struct Project {
    MacroRegistry macros;
    core::CollectingSink sink;
    std::string text;

    Project() { macros.set_root_package("shop"); }

    RenderRequest request(const std::string& type, const std::string& t) {
        text = t;
        RenderRequest req;
        req.text = text;
        req.file = "models/a.sql";
        req.macros = &macros;
        req.model_name = "a";
        req.target.type = type;
        return req;
    }
};

// The SQL `text` renders to for adapter `type`, or "ERROR: <headline>".
std::string sql(const std::string& type, const std::string& text, Project* p = nullptr) {
    Project local;
    Project& proj = p != nullptr ? *p : local;
    auto r = render(proj.request(type, text));
    if (!r) {
        return "ERROR: " + r.error().headline();
    }
    return r.value().rendered.sql;
}

} // namespace

TEST_CASE("dateadd per adapter") {
    const std::string t = "{{ dbt.dateadd('day', 3, 'created_at') }}";
    CHECK(sql("postgres", t) == "created_at + ((interval '1 day') * (3))");
    CHECK(sql("snowflake", t) == "dateadd(day, 3, created_at)");
    CHECK(sql("bigquery", t) == "datetime_add(cast(created_at as datetime), interval 3 day)");
    CHECK(sql("redshift", t) == "dateadd(day, 3, created_at)");
    CHECK(sql("duckdb", t) == "created_at + ((interval '1 day') * (3))");
    CHECK(sql("trino", t) == "date_add('day', 3, created_at)");
    CHECK(sql("databricks", t) == "timestampadd(day, 3, created_at)");
    CHECK(sql("sqlite", t) == "dateadd(day, 3, created_at)");
    // Unqualified, keyword arguments, and dispatched through adapter.dispatch(..., 'dbt').
    CHECK(sql("postgres", "{{ dateadd(datepart='month', interval=-1, from_date_or_timestamp='d') }}") ==
          "d + ((interval '1 month') * (-1))");
    CHECK(sql("snowflake", "{{ adapter.dispatch('dateadd', 'dbt')('day', 1, 'd') }}") == "dateadd(day, 1, d)");
}

TEST_CASE("datediff per adapter") {
    const std::string t = "{{ dbt.datediff('a', 'b', 'day') }}";
    CHECK(sql("postgres", t) == "((b)::date - (a)::date)");
    CHECK(sql("snowflake", t) == "datediff(day, a, b)");
    CHECK(sql("bigquery", t) == "datetime_diff(cast(b as datetime), cast(a as datetime), day)");
    CHECK(sql("redshift", t) == "datediff(day, a, b)");
    CHECK(sql("postgres", "{{ dbt.datediff('a', 'b', 'month') }}") ==
          "((date_part('year', (b)::date) - date_part('year', (a)::date)) * 12 + date_part('month', (b)::date) - "
          "date_part('month', (a)::date))");
    CHECK(sql("postgres", "{{ dbt.datediff('a', 'b', 'hour') }}") ==
          "(((b)::date - (a)::date) * 24 + date_part('hour', (b)::timestamp) - date_part('hour', (a)::timestamp))");
    CHECK(sql("trino", "{{ dbt.datediff('a', 'b', 'year') }}") ==
          "(year(CAST(b AS TIMESTAMP)) - year(CAST(a AS TIMESTAMP)))");
    CHECK(sql("databricks", t) == "timestampdiff(day, date_trunc('day', a), date_trunc('day', b))");
    CHECK(sql("postgres", "{{ dbt.datediff('a', 'b', 'fortnight') }}") ==
          "ERROR: models/a.sql:1:4: error: Unsupported datepart for macro datediff in postgres: 'fortnight' [TP004]");
}

TEST_CASE("date_trunc and last_day per adapter") {
    CHECK(sql("postgres", "{{ dbt.date_trunc('month', 'ordered_at') }}") == "date_trunc('month', ordered_at)");
    CHECK(sql("snowflake", "{{ date_trunc('month', 'ordered_at') }}") == "date_trunc('month', ordered_at)");
    CHECK(sql("bigquery", "{{ dbt.date_trunc('month', 'ordered_at') }}") ==
          "timestamp_trunc(cast(ordered_at as timestamp), month)");
    CHECK(sql("snowflake", "{{ dbt.last_day('d', 'month') }}") ==
          "cast(dateadd(day, -1, dateadd(month, 1, date_trunc('month', d))) as date)");
    CHECK(sql("postgres", "{{ dbt.last_day('d', 'quarter') }}") ==
          "cast(date_trunc('quarter', d) + ((interval '1 month') * (3)) + ((interval '1 day') * (-1)) as date)");
    CHECK(sql("bigquery", "{{ dbt.last_day('d', 'month') }}") ==
          "cast(datetime_add(cast(datetime_add(cast(timestamp_trunc(cast(d as timestamp), month) as datetime), "
          "interval 1 month) as datetime), interval -1 day) as date)");
}

TEST_CASE("data types per adapter") {
    const std::string t = "{{ dbt.type_string() }}|{{ dbt.type_timestamp() }}|{{ dbt.type_int() }}|"
                          "{{ dbt.type_bigint() }}|{{ dbt.type_float() }}|{{ dbt.type_numeric() }}|"
                          "{{ type_boolean() }}";
    CHECK(sql("postgres", t) == "TEXT|timestamp|integer|bigint|float|numeric(28,6)|boolean");
    CHECK(sql("snowflake", t) == "TEXT|timestamp|integer|bigint|float|numeric(28,6)|boolean");
    CHECK(sql("bigquery", t) == "string|timestamp|INT64|bigint|FLOAT64|numeric|boolean");
    CHECK(sql("trino", t) == "varchar|timestamp|integer|bigint|double|decimal(28, 6)|boolean");
}

TEST_CASE("casts per adapter") {
    CHECK(sql("postgres", "{{ dbt.cast('x', dbt.type_string()) }}") == "cast(x as TEXT)");
    CHECK(sql("snowflake", "{{ dbt.cast('x', 'geography') }}") == "to_geography(x)");
    CHECK(sql("postgres", "{{ dbt.safe_cast('x', 'int') }}") == "cast(x as int)");
    CHECK(sql("snowflake", "{{ dbt.safe_cast('x', 'int') }}") == "try_cast(x as int)");
    CHECK(sql("snowflake", "{{ dbt.safe_cast(5, 'varchar') }}") == "try_cast('5' as varchar)");
    CHECK(sql("bigquery", "{{ dbt.safe_cast('x', 'int64') }}") == "safe_cast(x as int64)");
    CHECK(sql("postgres", "{{ dbt.cast_bool_to_text('b') }}") == "cast(b as TEXT)");
    CHECK(sql("bigquery", "{{ dbt.cast_bool_to_text('b') }}") == "cast(b as string)");
    CHECK(sql("redshift", "{{ dbt.cast_bool_to_text('b') }}") ==
          "case when b is true then 'true' when b is false then 'false' end::text");
}

TEST_CASE("string macros per adapter") {
    CHECK(sql("postgres", "{{ dbt.concat(['a', \"'-'\", 'b']) }}") == "a || '-' || b");
    CHECK(sql("bigquery", "{{ dbt.concat(['a', 'b']) }}") == "a || b");
    CHECK(sql("postgres", "{{ dbt.hash('id') }}") == "md5(cast(id as TEXT))");
    CHECK(sql("snowflake", "{{ dbt.hash('id') }}") == "md5(cast(id as TEXT))");
    CHECK(sql("bigquery", "{{ dbt.hash('id') }}") == "to_hex(md5(cast(id as string)))");
    CHECK(sql("postgres", "{{ dbt.split_part('s', \"','\", 2) }}") == "split_part(s, ',', 2)");
    CHECK(sql("postgres", "{{ dbt.split_part('s', \"','\", -1) }}") ==
          "split_part(s, ',', length(s) - length(replace(s, ',', '')) + 2 + -1)");
    CHECK(sql("snowflake", "{{ dbt.split_part('s', \"','\", -1) }}") == "split_part(s, ',', -1)");
    CHECK(sql("bigquery", "{{ dbt.split_part('s', \"','\", 2) }}") == "split(s, ',')[safe_offset(1)]");
    CHECK(sql("postgres", "{{ dbt.string_literal('x') }}") == "'x'");
    CHECK(sql("bigquery", "{{ dbt.string_literal('x') }}") == "'''x'''");
    CHECK(sql("postgres", "{{ dbt.escape_single_quotes(\"it's\") }}") == "it''s");
    CHECK(sql("snowflake", "{{ dbt.escape_single_quotes(\"it's\") }}") == "it\\'s");
    CHECK(sql("bigquery", "{{ dbt.escape_single_quotes(\"it's\") }}") == "it\\'s");
    CHECK(sql("postgres", "{{ dbt.position(\"'a'\", 's') }}") == "position('a' in s)");
    CHECK(sql("bigquery", "{{ dbt.position(\"'a'\", 's') }}") == "strpos(s, 'a')");
    CHECK(sql("snowflake", "{{ dbt.replace('s', \"'a'\", \"'b'\") }}") == "replace(s, 'a', 'b')");
    CHECK(sql("postgres", "{{ dbt.right('s', 3) }}") == "right(s, 3)");
    CHECK(sql("snowflake", "{{ dbt.right('s', 3) }}") == "case when 3 = 0 then '' else right(s, 3) end");
    CHECK(sql("bigquery", "{{ dbt.right('s', 3) }}") == "case when 3 = 0 then '' else substr(s, -1 * (3)) end");
    CHECK(sql("postgres", "{{ dbt.length('s') }}") == "length(s)");
    CHECK(sql("redshift", "{{ dbt.length('s') }}") == "len(s)");
}

TEST_CASE("aggregate macros per adapter") {
    CHECK(sql("postgres", "{{ dbt.any_value('x') }}") == "min(x)");
    CHECK(sql("snowflake", "{{ dbt.any_value('x') }}") == "any_value(x)");
    CHECK(sql("bigquery", "{{ dbt.any_value('x') }}") == "any_value(x)");
    CHECK(sql("redshift", "{{ dbt.any_value('x') }}") == "min(x)");
    CHECK(sql("duckdb", "{{ dbt.any_value('x') }}") == "arbitrary(x)");
    CHECK(sql("postgres", "{{ dbt.bool_or('x') }}") == "bool_or(x)");
    CHECK(sql("snowflake", "{{ dbt.bool_or('x') }}") == "boolor_agg(x)");
    CHECK(sql("bigquery", "{{ dbt.bool_or('x') }}") == "logical_or(x)");
    CHECK(sql("postgres", "{{ dbt.listagg('name') }}") == "string_agg(name, ',')");
    CHECK(sql("postgres", "{{ dbt.listagg('name', \"', '\", 'order by name', 2) }}") ==
          "array_to_string((array_agg(name order by name))[1:2], ', ')");
    CHECK(sql("snowflake", "{{ dbt.listagg('name', \"', '\", 'order by name') }}") ==
          "listagg(name, ', ') within group (order by name)");
    CHECK(sql("snowflake", "{{ dbt.listagg('name', \"','\", none, 3) }}") ==
          "array_to_string(array_slice(array_agg(name), 0, 3), ',')");
    CHECK(sql("bigquery", "{{ dbt.listagg('name', \"','\", 'order by name', 3) }}") ==
          "string_agg(name, ',' order by name limit 3)");
    CHECK(sql("redshift", "{{ dbt.listagg('name', \"'|'\", none, 3) }}") ==
          "regexp_substr(listagg(name, '|'), '([^\\\\|]+\\\\|){1,2}[^\\\\|]+')");
}

TEST_CASE("timestamps per adapter") {
    CHECK(sql("postgres", "{{ dbt.current_timestamp() }}") == "now()");
    CHECK(sql("snowflake", "{{ current_timestamp() }}") == "convert_timezone('UTC', current_timestamp())");
    CHECK(sql("bigquery", "{{ dbt.current_timestamp() }}") == "current_timestamp()");
    CHECK(sql("redshift", "{{ dbt.current_timestamp() }}") == "getdate()");
    CHECK(sql("postgres", "{{ dbt.current_timestamp_backcompat() }}") == "current_timestamp::timestamp");
    CHECK(sql("bigquery", "{{ dbt.current_timestamp_backcompat() }}") == "current_timestamp");
    CHECK(sql("postgres", "{{ dbt.current_timestamp_in_utc_backcompat() }}") ==
          "(current_timestamp at time zone 'utc')::timestamp");
    CHECK(sql("snowflake", "{{ dbt.current_timestamp_in_utc_backcompat() }}") ==
          "convert_timezone('UTC', current_timestamp::timestamp)::timestamp");
    CHECK(sql("bigquery", "{{ dbt.current_timestamp_in_utc_backcompat() }}") == "current_timestamp");
}

TEST_CASE("arrays and set operators per adapter") {
    CHECK(sql("postgres", "{{ dbt.array_construct(['1', '2']) }}") == "array[1 , 2]");
    CHECK(sql("postgres", "{{ dbt.array_construct() }}") == "array[]::integer[]");
    CHECK(sql("bigquery", "{{ dbt.array_construct(['1', '2']) }}") == "[1 , 2]");
    CHECK(sql("bigquery", "{{ dbt.array_construct([], 'string') }}") == "ARRAY<string>[]");
    CHECK(sql("snowflake", "{{ dbt.array_construct(['1', '2']) }}") == "array_construct(1 , 2)");
    CHECK(sql("postgres", "{{ dbt.array_append('a', 'x') }}") == "array_append(a, x)");
    CHECK(sql("bigquery", "{{ dbt.array_append('a', 'x') }}") == "array_concat(a, [x])");
    CHECK(sql("postgres", "{{ dbt.array_concat('a', 'b') }}") == "array_cat(a, b)");
    CHECK(sql("snowflake", "{{ dbt.array_concat('a', 'b') }}") == "array_cat(a, b)");
    CHECK(sql("bigquery", "{{ dbt.array_concat('a', 'b') }}") == "array_concat(a, b)");
    CHECK(sql("postgres", "{{ dbt.except() }} {{ dbt.intersect() }}") == "except intersect");
    CHECK(sql("bigquery", "{{ dbt.except() }} {{ dbt.intersect() }}") == "except distinct intersect distinct");
}

TEST_CASE("generate_series and date_spine") {
    CHECK(sql("postgres", "{{ dbt.generate_series(3) }}") ==
          "with p as (select 0 as generated_number union all select 1), unioned as (select "
          "p0.generated_number * power(2, 0) + p1.generated_number * power(2, 1) + 1 as generated_number "
          "from p as p0 cross join p as p1) select * from unioned where generated_number <= 3 order by "
          "generated_number");
    CHECK(sql("postgres", "{{ dbt.get_intervals_between(\"'2024-01-01'\", \"'2024-03-01'\", 'month') }}") == "2");
    CHECK(sql("postgres", "{{ dbt.get_intervals_between('a', 'b', 'day') }}") == "1");
    CHECK(sql("snowflake", "{{ dbt.date_spine('day', \"cast('2024-01-01' as date)\", "
                           "\"cast('2024-01-03' as date)\") }}") ==
          "with rawdata as (with p as (select 0 as generated_number union all select 1), unioned as (select "
          "p0.generated_number * power(2, 0) + 1 as generated_number from p as p0) select * from unioned "
          "where generated_number <= 2 order by "
          "generated_number), all_periods as (select (dateadd(day, row_number() over (order by 1) - 1, "
          "cast('2024-01-01' as date))) as date_day from rawdata), filtered as (select * from all_periods "
          "where date_day <= cast('2024-01-03' as date)) select * from filtered");
}

TEST_CASE("a project's own implementation wins over dbt's") {
    Project p;
    p.macros.add_file("shop", "macros/d.sql",
                      "{% macro default__hash(field) %}sha1({{ field }}){% endmacro %}"
                      "{% macro snowflake__length(e) %}len({{ e }}){% endmacro %}"
                      "{% macro datediff(a, b, part) %}my_diff({{ a }}, {{ b }}){% endmacro %}",
                      p.sink);
    CHECK(sql("postgres", "{{ dbt.hash('x') }} {{ hash('x') }}", &p) == "sha1(x) sha1(x)");
    CHECK(sql("snowflake", "{{ dbt.length('x') }} {{ dbt.length('x') }}", &p) == "len(x) len(x)");
    CHECK(sql("postgres", "{{ dbt.length('x') }}", &p) == "length(x)");
    // An unqualified call finds the project's macro of that name; dbt.datediff stays dbt's.
    CHECK(sql("postgres", "{{ datediff('a', 'b', 'day') }} {{ dbt.datediff('a', 'b', 'day') }}", &p) ==
          "my_diff(a, b) ((b)::date - (a)::date)");
}

TEST_CASE("an unavailable macro is a placeholder value") {
    Project p;
    auto r = render(p.request("postgres",
                              "{% set s = dbt_utils.star(from=ref('orders')) %}"
                              "{{ s }}|{{ s.y.z }}|{{ s[0] }}|{{ s()() }}|"
                              "{% for c in s %}never{% endfor %}|{{ 'truthy' if s else 'falsy' }}|"
                              "{{ s == 'x' }}|{{ s | list | length }}|{{ some_pkg.x() }}"));
    REQUIRE(r);
    const std::string m = "__dpipe_unavailable__dbt_utils__star";
    CHECK(r.value().rendered.sql ==
          m + "|" + m + "|" + m + "|" + m + "||falsy|False|0|__dpipe_unavailable__some_pkg__x");
    CHECK(r.value().unavailable_macros == std::vector<std::string>{"dbt_utils.star", "some_pkg.x"});
    REQUIRE(r.value().rendered.refs.size() == 1); // arguments are still evaluated
    CHECK(r.value().diagnostics.size() == 2);     // one TP100 per call site of a missing package
}

TEST_CASE("an unknown macro of an installed package or of dbt is a placeholder that reports once") {
    Project p;
    p.macros.add_file("utils", "dbt_packages/utils/macros/u.sql", "{% macro star() %}*{% endmacro %}", p.sink);
    auto r = render(p.request("postgres", "{{ utils.nope() }} {{ dbt.get_columns_in_query('x') }} "
                                          "{{ dbt.is_incremental() }}"));
    REQUIRE(r);
    CHECK(r.value().rendered.sql ==
          "__dpipe_unavailable__utils__nope __dpipe_unavailable__dbt__get_columns_in_query False");
    CHECK(r.value().unavailable_macros == std::vector<std::string>{"utils.nope", "dbt.get_columns_in_query"});
    REQUIRE(r.value().diagnostics.size() == 2);
    CHECK(r.value().diagnostics[1].headline() ==
          "models/a.sql:1:23: info: macro 'dbt.get_columns_in_query' is not available (dpipe does not render "
          "this dbt macro); rendered as a placeholder [TP100]");
}

TEST_CASE("dbt_utils' old cross-database macros render as dbt's when dbt_utils does not have them") {
    CHECK(sql("postgres", "{{ dbt_utils.datediff('a', 'b', 'day') }} {{ dbt_utils.type_string() }}") ==
          "((b)::date - (a)::date) TEXT");
    CHECK(sql("snowflake", "{{ dbt_utils.current_timestamp() }} {{ dbt_utils.current_timestamp_in_utc() }}") ==
          "current_timestamp::timestamp convert_timezone('UTC', current_timestamp::timestamp)::timestamp");
    Project p;
    p.macros.add_file("dbt_utils", "dbt_packages/dbt_utils/macros/star.sql", "{% macro star() %}*{% endmacro %}",
                      p.sink);
    CHECK(sql("bigquery", "{{ dbt_utils.star() }} {{ dbt_utils.dateadd('day', 1, 'd') }}", &p) ==
          "* datetime_add(cast(d as datetime), interval 1 day)");
    // Macros dbt_utils never shared with dbt stay placeholders.
    CHECK(sql("postgres", "{{ dbt_utils.surrogate_key(['a']) }}") == "__dpipe_unavailable__dbt_utils__surrogate_key");
}

TEST_CASE("date and equals") {
    CHECK(sql("postgres", "{{ dbt.date(2024, 1, 5) }}") == "to_date('2024-01-05', 'YYYY-MM-DD')");
    CHECK(sql("bigquery", "{{ dbt.date(2024, 1, 5) }}") == "date(2024, 1, 5)");
    CHECK(sql("postgres", "{{ dbt.date(2024, 13, 5) }}") ==
          "ERROR: models/a.sql:1:4: error: dbt.date(): not a valid date: 2024-13-5 [TP004]");
    CHECK(sql("snowflake", "{{ dbt.equals('a', 'b') }}") == "(a = b)");
}
