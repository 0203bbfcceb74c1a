// Per-dialect syntax real dbt projects use: every case must parse without a diagnostic and, for
// queries, yield the expected output column names through lineage.
#include "sql/lineage.hpp"
#include "sql/parser.hpp"
#include "sql/printer.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace dpipe::sql;

namespace {

struct Case {
    Dialect dialect;
    const char* sql;
    std::vector<std::string> columns; // expected output column names
};

void check(const Case& c) {
    INFO(dialect_name(c.dialect) << ": " << c.sql);
    Script s = parse("m.sql", c.sql, c.dialect);
    for (const auto& diag : s.diagnostics()) {
        FAIL_CHECK(diag.headline());
    }
    REQUIRE(s.statements().size() == 1);
    QueryLineage l = lineage(s.statements()[0], c.dialect, {});
    std::vector<std::string> names;
    for (const auto& col : l.columns) {
        names.push_back(col.name);
    }
    CHECK(names == c.columns);
    // The printed form parses again to the same tree.
    std::string printed = print(s);
    INFO(printed);
    Script again = parse("m.sql", printed, c.dialect);
    CHECK(!again.has_diagnostics());
    REQUIRE(again.statements().size() == 1);
    CHECK(same_structure(s.ast(), s.statements()[0].node, again.ast(), again.statements()[0].node));
}

void check_all(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        check(c);
    }
}

using D = Dialect;

} // namespace

TEST_CASE("named arguments and lambdas", "[sql][dialects]") {
    check_all({
        {D::Snowflake, "select f(a => 1, b => 'x') as r from t", {"R"}},
        {D::Databricks,
         "select transform(xs, x -> x + 1) as ys, filter(xs, (x, i) -> x > i) as zs from t",
         {"ys", "zs"}},
        {D::Trino,
         "select transform(xs, x -> x * 2) as ys, reduce(xs, 0, (s, x) -> s + x, s -> s) as total "
         "from t",
         {"ys", "total"}},
        {D::ClickHouse, "select arrayMap(x -> x + 1, xs) as ys from t", {"ys"}},
        {D::DuckDB, "select list_transform(l, y -> y + 1) as l2 from t", {"l2"}},
    });
}

TEST_CASE("semi-structured paths and FLATTEN", "[sql][dialects]") {
    check_all({
        {D::Snowflake,
         "select v:a.b::string as b, v:a[0] as first, v['x'] as x from t",
         {"B", "FIRST", "X"}},
        {D::Snowflake,
         "select f.value:id::int as id from t, lateral flatten(input => t.items) f",
         {"ID"}},
        {D::Snowflake,
         "select f.value as v from t, table(flatten(input => t.items, outer => true)) f",
         {"V"}},
        {D::Snowflake, "select v:\"Key\"::varchar as k, src:a.b.c as c from t", {"K", "C"}},
        {D::Databricks,
         "select raw:customer.id::int as id, raw:items[0].sku as sku from t",
         {"id", "sku"}},
    });
}

TEST_CASE("QUALIFY, GROUP BY ALL, ORDER BY ALL", "[sql][dialects]") {
    check_all({
        {D::Snowflake,
         "select id, ts from t qualify row_number() over (partition by id order by ts desc) = 1",
         {"ID", "TS"}},
        {D::BigQuery, "select id from t where true qualify rank() over (order by ts) = 1", {"id"}},
        {D::Databricks, "select id, count(*) as n from t group by all order by all", {"id", "n"}},
        {D::DuckDB, "select id, sum(x) as s from t group by all order by all desc", {"id", "s"}},
        {D::ClickHouse, "select id, count() as n from t group by all", {"id", "n"}},
    });
}

TEST_CASE("BigQuery UNNEST, SELECT AS STRUCT and star modifiers", "[sql][dialects]") {
    check_all({
        {D::BigQuery, "select e, o from t, unnest(t.arr) as e with offset as o", {"e", "o"}},
        {D::BigQuery, "select e from t left join unnest(t.arr) e on true", {"e"}},
        {D::BigQuery, "select array(select as struct a, b from u) as s from t", {"s"}},
        {D::BigQuery, "select * except (a, b) from t", {}},
        {D::BigQuery, "select * replace (upper(a) as a) from t", {}},
        {D::Snowflake, "select * exclude (a) rename (b as c) from t", {}},
        {D::Snowflake, "select * exclude a from t", {}},
    });
}

TEST_CASE("Trino JSON functions", "[sql][dialects]") {
    check_all({
        {D::Trino, "select json_query(x, 'lax $.a' omit quotes) as a from t", {"a"}},
        {D::Trino, "select json_query(x, 'strict $.a' with array wrapper) as a from t", {"a"}},
        {D::Trino,
         "select json_value(x, 'lax $.b' returning varchar default 'n' on empty) as b from t",
         {"b"}},
        {D::Trino, "select json_exists(x, 'lax $.c') as c from t", {"c"}},
        {D::Trino,
         "select json_value(x, 'strict $.d' returning integer null on error) as d from t",
         {"d"}},
    });
}

TEST_CASE("CONNECT BY, PIVOT, UNPIVOT, MATCH_RECOGNIZE", "[sql][dialects]") {
    check_all({
        {D::Snowflake,
         "select id, parent_id from t start with parent_id is null connect by prior id = parent_id",
         {"ID", "PARENT_ID"}},
        {D::Snowflake,
         "select id from t connect by parent_id = prior id start with id = 1",
         {"ID"}},
        {D::Snowflake, "select * from t pivot (sum(v) for k in ('a', 'b')) as p", {}},
        {D::Snowflake, "select * from t unpivot (v for k in (a, b)) as u", {"K", "V"}},
        {D::Databricks, "select * from t unpivot include nulls (v for k in (a, b))", {"k", "v"}},
        {D::Snowflake,
         "select * from t match_recognize (partition by id order by ts measures match_number() as "
         "m "
         "one row per match pattern (a b+) define b as b.v > a.v) mr",
         {}},
    });
}

TEST_CASE("ClickHouse ARRAY JOIN, FINAL, SETTINGS, FORMAT", "[sql][dialects]") {
    check_all({
        {D::ClickHouse, "select id, tag from t array join tags as tag", {"id", "tag"}},
        {D::ClickHouse, "select id from t left array join tags as tag", {"id"}},
        {D::ClickHouse, "select id from db.t final where x = 1", {"id"}},
        {D::ClickHouse, "select id from t settings max_threads = 8, final = 1", {"id"}},
        {D::ClickHouse, "select id from t format JSONEachRow", {"id"}},
        {D::ClickHouse,
         "select toDate(ts) as d, tupleElement(tup, 1) as t1 from t prewhere d > 0 limit 10",
         {"d", "t1"}},
    });
}

TEST_CASE("T-SQL TOP, APPLY, brackets, table hints", "[sql][dialects]") {
    check_all({
        {D::SQLServer, "select top 10 [id], [Order Date] as od from [dbo].[orders]", {"id", "od"}},
        {D::SQLServer, "select top (5) percent id from t", {"id"}},
        {D::SQLServer,
         "select a.id, x.v from a cross apply (select top 1 v from b where b.id = a.id) x",
         {"id", "v"}},
        {D::SQLServer, "select a.id, x.v from a outer apply f(a.id) as x", {"id", "v"}},
        {D::SQLServer, "select id from t with (nolock) where x = @p", {"id"}},
        {D::SQLServer, "select id from #tmp join t2 with (nolock, index(ix)) on 1 = 1", {"id"}},
        {D::SQLServer, "select n = count(*) from t", {"n"}},
    });
}

TEST_CASE("Spark LATERAL VIEW and distribution clauses", "[sql][dialects]") {
    check_all({
        {D::Databricks, "select id, y from t lateral view explode(xs) e as y", {"id", "y"}},
        {D::Databricks,
         "select id, k, v from t lateral view outer posexplode(m) p as k, v",
         {"id", "k", "v"}},
        {D::Databricks, "select id from t distribute by id sort by ts", {"id"}},
        {D::Databricks, "select id from t cluster by id", {"id"}},
        {D::Databricks, "select `my col` as c, \"str\" as s from `cat`.`sch`.`t`", {"c", "s"}},
    });
}

TEST_CASE("casts, intervals and null treatment across dialects", "[sql][dialects]") {
    check_all({
        {D::Redshift,
         "select x::int as i, getdate() as now, dateadd(day, 1, ts) as tomorrow from t",
         {"i", "now", "tomorrow"}},
        {D::Redshift,
         "select ts + interval '1 day' as t1, listagg(a, ',') within group (order by a) as l from "
         "t",
         {"t1", "l"}},
        {D::Postgres,
         "select ts + interval '1' day as a, interval '2 hours' as b from t",
         {"a", "b"}},
        {D::BigQuery,
         "select date_add(d, interval 1 day) as a, timestamp_sub(ts, interval 3 hour) as b from t",
         {"a", "b"}},
        {D::Databricks,
         "select ts + interval 1 day as a, ts - interval '2' hour as b from t",
         {"a", "b"}},
        {D::Snowflake, "select last_value(x) ignore nulls over (order by ts) as l from t", {"L"}},
        {D::BigQuery, "select first_value(x respect nulls) over (order by ts) as f from t", {"f"}},
        {D::Postgres, "select count(*) filter (where x > 0) as n from t", {"n"}},
        {D::Trino, "select try_cast(a as varchar) as a, cast(b as date) as b from t", {"a", "b"}},
        {D::BigQuery,
         "select safe_cast(a as int64) as a, cast(d as string format 'YYYY') as y from t",
         {"a", "y"}},
        {D::Snowflake, "select try_cast(a as number) as a, a::variant as v from t", {"A", "V"}},
        {D::SQLServer,
         "select try_cast(a as int) as a, convert(varchar(10), d, 120) as d from t",
         {"a", "d"}},
        {D::ClickHouse, "select x::Int32 as a, cast(y, 'String') as b from t", {"a", "b"}},
    });
}

TEST_CASE("array, struct and object literals", "[sql][dialects]") {
    check_all({
        {D::BigQuery, "select [1, 2] as a, struct(1 as x, 'y' as y) as s from t", {"a", "s"}},
        {D::DuckDB, "select [1, 2] as a, {'k': 1} as o from t", {"a", "o"}},
        {D::Snowflake,
         "select {'a': 1} as o, [1, 2] as a, array_construct(1, 2) as c from t",
         {"O", "A", "C"}},
        {D::Databricks,
         "select array(1, 2) as a, named_struct('x', 1) as s, map('k', 1) as m from t",
         {"a", "s", "m"}},
        {D::ClickHouse, "select [1, 2] as a, (1, 'x') as tup from t", {"a", "tup"}},
    });
}

// tests/sql/corpus/<dialect>/*.sql: one realistic model per file, parsed in the folder's dialect.
// Each must parse without a diagnostic, name all its output columns and print to SQL that parses
// to the same tree.
TEST_CASE("every per-dialect corpus file parses cleanly", "[sql][dialects][corpus]") {
    std::filesystem::path root = std::filesystem::path(DPIPE_SOURCE_DIR) / "tests/sql/corpus";
    int dialect_dirs = 0;
    for (const auto& dir : std::filesystem::directory_iterator(root)) {
        std::optional<Dialect> d = parse_dialect(dir.path().filename().string());
        REQUIRE(d);
        ++dialect_dirs;
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
            auto text = dpipe::util::read_file(e.path(), 1 << 20);
            REQUIRE(text);
            INFO(e.path().string());
            Script s = parse(e.path().filename().string(), *text, *d);
            for (const auto& diag : s.diagnostics()) {
                FAIL_CHECK(diag.headline());
            }
            REQUIRE(!s.statements().empty());
            QueryLineage l = lineage(s.statements().back(), *d, {});
            for (const auto& col : l.columns) {
                CHECK(col.name != "?column?");
            }
            std::string printed = print(s);
            INFO(printed);
            Script again = parse("again.sql", printed, *d);
            CHECK(!again.has_diagnostics());
            REQUIRE(again.statements().size() == s.statements().size());
            for (std::size_t i = 0; i < s.statements().size(); ++i) {
                CHECK(same_structure(s.ast(), s.statements()[i].node, again.ast(),
                                     again.statements()[i].node));
            }
        }
    }
    CHECK(dialect_dirs >= 9);
}

TEST_CASE("dialect words stay ordinary names where the dialect lacks the clause",
          "[sql][dialects]") {
    check_all({
        {D::Postgres, "select top(x) as t, prior from tbl", {"t", "prior"}},
        {D::Postgres,
         "select final, settings, format from t final",
         {"final", "settings", "format"}},
        {D::ClickHouse, "select CamelCase, `Quoted` from Db.Tbl", {"CamelCase", "Quoted"}},
        {D::SQLServer, "select [Order Date], #tmp.id from #tmp", {"Order Date", "id"}},
        {D::Snowflake, "select sort, cluster from t", {"SORT", "CLUSTER"}},
    });
}

TEST_CASE("new dialect syntax keeps table references", "[sql][dialects]") {
    struct RefCase {
        Dialect dialect;
        const char* sql;
        std::vector<std::string> tables;
    };
    const RefCase cases[] = {
        {D::SQLServer,
         "select a.id from dbo.a with (nolock) cross apply (select 1 as x from dbo.b) y",
         {"dbo.a", "dbo.b"}},
        {D::ClickHouse, "select id from db.events final array join tags as tag", {"db.events"}},
        {D::Databricks, "select y from cat.sch.t lateral view explode(xs) e as y", {"cat.sch.t"}},
        {D::Snowflake,
         "select id from hr.emp start with mgr is null connect by mgr = prior id",
         {"HR.EMP"}},
    };
    for (const RefCase& c : cases) {
        INFO(c.sql);
        Script s = parse("m.sql", c.sql, c.dialect);
        CHECK(!s.has_diagnostics());
        REQUIRE(s.statements().size() == 1);
        std::vector<std::string> tables;
        for (const TableReference& r : table_references(s.statements()[0])) {
            tables.push_back(r.name.str());
        }
        CHECK(tables == c.tables);
    }
}

TEST_CASE("syntax from real projects: Snowflake", "[sql][dialects]") {
    check_all({
        // `::date < x` is a comparison: only array/map/struct/... types take `<...>` parameters
        {D::Snowflake, "select ts::date < to_date(sysdate()) and n > 0 as recent from t", {"RECENT"}},
        {D::Snowflake, "select a::array<int> as xs, b::map<string, int> as m from t", {"XS", "M"}},
        // USING with qualified names
        {D::Snowflake, "select f.date from a f left join b p using (f.date, p.id)", {"DATE"}},
        // dynamic PIVOT
        {D::Snowflake, "select * from t pivot (sum(v) for k in (any order by k))", {}},
        {D::Snowflake, "select * from t pivot (sum(v) for k in (select k from u))", {}},
        // VALUES with its alias inside the parentheses
        {D::Snowflake, "select c from (values ('a', 1) as v (c, n))", {"C"}},
        // ASOF JOIN ... MATCH_CONDITION
        {D::Snowflake,
         "select w.id from w asof join h match_condition (w.ts >= h.ts) on w.id = h.id",
         {"ID"}},
        // a CTE whose body a macro rendered as nothing
        {D::Snowflake, "with d as (\n  \n) select a from d", {"A"}},
        {D::Snowflake, "select x from (\n) group by 1", {"X"}},
    });
}

TEST_CASE("syntax from real projects: ClickHouse", "[sql][dialects]") {
    check_all({
        {D::ClickHouse, "select r.1 as a, arrayMap(x -> x.2, xs) as b, p.body.1 as c from t",
         {"a", "b", "c"}},
        {D::ClickHouse, "select t.id from t any left join u on t.id = u.id", {"id"}},
        {D::ClickHouse, "select t.id from t global all inner join u using id2", {"id"}},
        {D::ClickHouse, "select value from t where label = 'x' and window = '7D'", {"value"}},
        {D::ClickHouse, "select addDays(d, offset) as d2 from t", {"d2"}},
        {D::ClickHouse, "select row_number() over (partition by window order by v) as rn from t", {"rn"}},
        {D::ClickHouse,
         "select round(((select v from a) - (select v from b)) / 2, 1) as change from t",
         {"change"}},
        {D::ClickHouse, "select label, value from t order by label limit 50 by label", {"label", "value"}},
        {D::ClickHouse,
         "select date, v from t order by date with fill from toDate('2020-01-01') to today() step 1",
         {"date", "v"}},
        {D::ClickHouse, "with ['a', 'b'] as keys, 5 as n select keys as k, n from t", {"k", "n"}},
        {D::ClickHouse, "select extract(s, '^([a-z]+)') as word from t", {"word"}},
        {D::ClickHouse, "\xEF\xBB\xBFselect 1 as one", {"one"}},
    });
}

TEST_CASE("syntax from real projects: BigQuery string aliases", "[sql][dialects]") {
    check_all({
        {D::BigQuery, "select x from t cross join unnest(arr) as \"any\"", {"x"}},
    });
}

TEST_CASE("a Snowflake semantic view body is a statement, not a query", "[sql][dialects]") {
    Script s = parse("m.sql", "TABLES (a AS db.s.t PRIMARY KEY (id)) METRICS (a.n AS count(id))",
                     Dialect::Snowflake);
    CHECK(!s.has_diagnostics());
    REQUIRE(s.statements().size() == 1);
    CHECK(s.statements()[0].kind == StatementKind::Other);
}
