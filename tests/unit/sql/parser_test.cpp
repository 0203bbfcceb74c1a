#include "sql/parser.hpp"
#include "sql/printer.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dpipe::sql;

namespace {

// Parses one statement and returns its normalised SQL; fails the test on any diagnostic.
std::string norm(const std::string& sql, Dialect d = Dialect::Postgres) {
    Script s = parse("m.sql", sql, d);
    for (const auto& diag : s.diagnostics()) {
        FAIL_CHECK(diag.headline());
    }
    REQUIRE(s.statements().size() == 1);
    return print(s.statements()[0]);
}

// The first node of `kind` in the first statement, or k_no_node.
NodeId find(const Script& s, NodeKind kind) {
    const Ast& ast = s.ast();
    for (NodeId i = 0; i < ast.size(); ++i) {
        if (ast.node(i).kind == kind) {
            return i;
        }
    }
    return k_no_node;
}

} // namespace

TEST_CASE("select list, aliases and stars", "[sql][parser]") {
    CHECK(norm("select a, b as x, c y, t.*, * from t") == "SELECT a, b AS x, c AS y, t.*, * FROM t");
    CHECK(norm("select distinct on (a) a, b from t") == "SELECT DISTINCT ON (a) a, b FROM t");
    CHECK(norm("SELECT * EXCEPT (a, b) FROM t", Dialect::BigQuery) == "SELECT * EXCEPT (a, b) FROM t");
    CHECK(norm("select * exclude (a) replace (b + 1 as b) from t", Dialect::DuckDB) ==
          "SELECT * EXCLUDE (a) REPLACE (b + 1 AS b) FROM t");
}

TEST_CASE("FROM: joins, subqueries, table functions, VALUES", "[sql][parser]") {
    CHECK(norm("select 1 from a left outer join b on a.id = b.id inner join c using (k) cross join d") ==
          "SELECT 1 FROM a LEFT JOIN b ON a.id = b.id JOIN c USING (k) CROSS JOIN d");
    CHECK(norm("select 1 from a natural full join b") == "SELECT 1 FROM a NATURAL FULL JOIN b");
    CHECK(norm("select x from (select 1 as x) s") == "SELECT x FROM (SELECT 1 AS x) AS s");
    CHECK(norm("select * from t, lateral unnest(t.a) as u(v)") == "SELECT * FROM t, LATERAL unnest(t.a) AS u (v)");
    CHECK(norm("select * from (values (1, 'a'), (2, 'b')) v(n, s)") ==
          "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (n, s)");
    CHECK(norm("select * from a join (b join c on b.x = c.x) on a.y = b.y") ==
          "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y");
}

TEST_CASE("WITH, set operations and query tails", "[sql][parser]") {
    CHECK(norm("with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r") ==
          "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r");
    CHECK(norm("select 1 union select 2 intersect select 3 except distinct select 4") ==
          "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT DISTINCT SELECT 4");
    CHECK(norm("(select a from t order by a limit 1) union all (select b from u)") ==
          "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u)");
    CHECK(norm("select a from t order by a desc nulls last, b limit 10 offset 5") ==
          "SELECT a FROM t ORDER BY a DESC NULLS LAST, b LIMIT 10 OFFSET 5");
    CHECK(norm("select a from t offset 2 rows fetch next 3 rows only") ==
          "SELECT a FROM t OFFSET 2 FETCH FIRST 3 ROWS ONLY");
}

TEST_CASE("GROUP BY, HAVING, QUALIFY, WINDOW", "[sql][parser]") {
    CHECK(norm("select a, sum(b) from t group by rollup (a), cube (b), grouping sets ((a, b), ()) having sum(b) > 1") ==
          "SELECT a, sum(b) FROM t GROUP BY ROLLUP (a), CUBE (b), GROUPING SETS ((a, b), ()) HAVING sum(b) > 1");
    CHECK(norm("select a from t group by all", Dialect::DuckDB) == "SELECT a FROM t GROUP BY ALL");
    CHECK(norm("select a from t qualify row_number() over (partition by a order by b) = 1", Dialect::Snowflake) ==
          "SELECT A FROM T QUALIFY ROW_NUMBER() OVER (PARTITION BY A ORDER BY B) = 1");
    CHECK(norm("select sum(x) over w from t window w as (order by y rows between 1 preceding and current row)") ==
          "SELECT sum(x) OVER (w) FROM t WINDOW w AS (ORDER BY y ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
}

TEST_CASE("expressions", "[sql][parser]") {
    CHECK(norm("select case when a then 1 when b then 2 else 3 end, case x when 1 then 'a' end") ==
          "SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'a' END");
    CHECK(norm("select cast(a as numeric(10,2)), try_cast(b as int), c::text, d::timestamp with time zone") ==
          "SELECT CAST(a AS NUMERIC(10, 2)), TRY_CAST(b AS INT), c::TEXT, d::TIMESTAMP WITH TIME ZONE");
    CHECK(norm("select a from t where a in (1, 2) and b not in (select c from u) and exists (select 1) "
               "and d between 1 and 2 and e not like 'x%' and f is not null and g is distinct from h") ==
          "SELECT a FROM t WHERE a IN (1, 2) AND b NOT IN (SELECT c FROM u) AND EXISTS (SELECT 1) AND d BETWEEN 1 "
          "AND 2 AND e NOT LIKE 'x%' AND f IS NOT NULL AND g IS DISTINCT FROM h");
    CHECK(norm("select (select max(x) from t), array[1, 2], a[1], b[1:2], interval '1 day', extract(year from d)") ==
          "SELECT (SELECT max(x) FROM t), ARRAY[1, 2], a[1], b[1:2], INTERVAL '1 day', EXTRACT(year FROM d)");
    CHECK(norm("select count(distinct a) filter (where b), percentile_cont(0.5) within group (order by c)") ==
          "SELECT count(DISTINCT a) FILTER (WHERE b), percentile_cont(0.5) WITHIN GROUP (ORDER BY c)");
    CHECK(norm("select -a * (b + c) ^ 2, not x, - -1, date '2024-01-01', true, null") ==
          "SELECT -a * (b + c) ^ 2, NOT x, - -1, DATE '2024-01-01', TRUE, NULL");
    CHECK(norm("select substring(s from 2 for 3), trim(both 'x' from s), position('a' in s), current_date") ==
          "SELECT substring(s FROM 2 FOR 3), trim(BOTH 'x' FROM s), position('a' IN s), CURRENT_DATE");
    CHECK(norm("select ts at time zone 'UTC', name collate \"C\", (a, b) overlaps (c, d)") ==
          "SELECT ts AT TIME ZONE 'UTC', name COLLATE \"C\", (a, b) OVERLAPS (c, d)");
}

TEST_CASE("words reserved only as aliases still name columns", "[sql][parser]") {
    CHECK(norm("select sample, values, replace, left(a, 1) from t") == "SELECT sample, values, replace, left(a, 1) FROM t");
}

TEST_CASE("precedence is kept", "[sql][parser]") {
    Script s = parse("m.sql", "select a or b and not c = d + e * f", Dialect::Postgres);
    REQUIRE(s.diagnostics().empty());
    NodeId item = find(s, NodeKind::SelectItem);
    REQUIRE(item != k_no_node);
    CHECK(dump(s.ast(), item) == "SelectItem\n"
                                 "  BinaryOp 'OR'\n"
                                 "    ColumnRef\n      Ident 'a'\n"
                                 "    BinaryOp 'AND'\n"
                                 "      ColumnRef\n        Ident 'b'\n"
                                 "      UnaryOp 'NOT'\n"
                                 "        BinaryOp '='\n"
                                 "          ColumnRef\n            Ident 'c'\n"
                                 "          BinaryOp '+'\n"
                                 "            ColumnRef\n              Ident 'd'\n"
                                 "            BinaryOp '*'\n"
                                 "              ColumnRef\n                Ident 'e'\n"
                                 "              ColumnRef\n                Ident 'f'\n");
}

TEST_CASE("dialect-specific syntax", "[sql][parser]") {
    CHECK(norm("select v:a.b[0]::string as x from t, lateral flatten(input => t.arr) f", Dialect::Snowflake) ==
          "SELECT V:a.b[0]::STRING AS X FROM T, LATERAL FLATTEN(INPUT => T.ARR) AS F");
    CHECK(norm("select struct(1 as a, 'x' as b), s.f from `p.d.t` cross join unnest(arr) as x", Dialect::BigQuery) ==
          "SELECT STRUCT(1 AS a, 'x' AS b), s.f FROM `p`.`d`.`t` CROSS JOIN unnest(arr) AS x");
    CHECK(norm("select {'a': 1}, [1, 2] from t", Dialect::DuckDB) == "SELECT {'a': 1}, [1, 2] FROM t");
    CHECK(norm("select * from t pivot (sum(v) for k in ('a', 'b')) as p", Dialect::Snowflake) ==
          "SELECT * FROM T PIVOT (SUM(V) FOR K IN ('a', 'b')) AS P");
    CHECK(norm("select a from t where b ilike 'x%'", Dialect::Snowflake) == "SELECT A FROM T WHERE B ILIKE 'x%'");
    CHECK(norm("select [a] from [my table]", Dialect::SQLite) == "SELECT \"a\" FROM \"my table\"");
    CHECK(norm("select @p, safe_cast(x as int64) from t", Dialect::BigQuery) == "SELECT @p, SAFE_CAST(x AS INT64) FROM t");
    CHECK(norm("select \"Mixed\" from T", Dialect::Postgres) == "SELECT \"Mixed\" FROM t");
    CHECK(norm("select top 10 a from t sample (5)", Dialect::Snowflake) == "SELECT TOP 10 A FROM T sample(5)");
    CHECK(norm("select as struct x from t, unnest(arr) as e with offset as pos", Dialect::BigQuery) ==
          "SELECT AS STRUCT x FROM t, unnest(arr) AS e with offset as pos");
    CHECK(norm("select 1 from t for system_time as of current_timestamp()", Dialect::BigQuery) ==
          "SELECT 1 FROM t for system_time as of current_timestamp()");
    CHECK(norm("select 1 from big.t as b tablesample bernoulli (1) repeatable (7)") ==
          "SELECT 1 FROM big.t AS b tablesample bernoulli(1) repeatable(7)");
}

TEST_CASE("statements: kinds, separators, locations", "[sql][parser]") {
    Script s = parse("models/x.sql", "select 1;\n\ncreate table t (a int);\n  insert into t values (1);;\ngrant select on t to r",
                     Dialect::Postgres);
    CHECK(s.diagnostics().empty());
    REQUIRE(s.statements().size() == 4);
    CHECK(s.statements()[0].kind == StatementKind::Query);
    CHECK(s.statements()[1].kind == StatementKind::Create);
    CHECK(s.statements()[2].kind == StatementKind::Insert);
    CHECK(s.statements()[3].kind == StatementKind::Grant);
    CHECK(s.statements()[2].loc.str() == "models/x.sql:4:3");
    CHECK(s.statements()[1].query() == k_no_node);
    NodeId ref = find(s, NodeKind::ColumnRef);
    CHECK(ref == k_no_node);
    Script q = parse("m.sql", "select\n  a,\n  bb from t", Dialect::Postgres);
    const Ast& ast = q.ast();
    NodeId col = k_no_node;
    for (NodeId i = 0; i < ast.size(); ++i) {
        if (ast.node(i).kind == NodeKind::Ident && ast.node(i).text == "bb") {
            col = i;
        }
    }
    REQUIRE(col != k_no_node);
    CHECK(ast.loc(col).str() == "m.sql:3:3");
    CHECK(ast.node(col).begin == 14);
    CHECK(ast.node(col).end == 16);
}

TEST_CASE("what is not understood degrades to an opaque node with SQ001", "[sql][parser]") {
    Script s = parse("m.sql", "select a, ) from t where b = 1", Dialect::Postgres);
    REQUIRE(!s.diagnostics().empty());
    CHECK(s.diagnostics()[0].code == "SQ001");
    CHECK(s.diagnostics()[0].severity == dpipe::core::Severity::Warning);
    CHECK(s.diagnostics()[0].loc.str() == "m.sql:1:11");
    CHECK(find(s, NodeKind::Opaque) != k_no_node);
    CHECK(!s.has_errors());
    REQUIRE(s.statements().size() == 1);

    Script junk = parse("m.sql", "frobnicate the widgets; select 1", Dialect::Postgres);
    REQUIRE(junk.statements().size() == 2);
    CHECK(junk.statements()[0].kind == StatementKind::Other);
    CHECK(junk.diagnostics().size() == 1);
    CHECK(junk.statements()[1].kind == StatementKind::Query);

    Script unterminated = parse("m.sql", "select 'abc", Dialect::Postgres);
    REQUIRE(unterminated.diagnostics().size() >= 1);
    CHECK(unterminated.diagnostics()[0].message.find("unterminated string literal") != std::string::npos);

    Script trailing = parse("m.sql", "select a from t garbage here", Dialect::Postgres);
    CHECK(trailing.diagnostics().size() == 1);
    CHECK(trailing.diagnostics()[0].loc.str() == "m.sql:1:25");
}

TEST_CASE("nesting deeper than the limit is a located error, not a crash", "[sql][parser]") {
    std::string deep = "select " + std::string(5000, '(') + "1" + std::string(5000, ')');
    Script s = parse("m.sql", deep, Dialect::Postgres);
    REQUIRE(s.has_errors());
    bool found = false;
    for (const auto& d : s.diagnostics()) {
        if (d.code == "SQ002") {
            found = true;
            CHECK(d.severity == dpipe::core::Severity::Error);
            CHECK(d.loc.line == 1);
            CHECK(d.loc.col > 1);
        }
    }
    CHECK(found);

    std::string subqueries;
    for (int i = 0; i < 300; ++i) {
        subqueries += "select * from (";
    }
    subqueries += "select 1";
    subqueries += std::string(300, ')');
    CHECK(parse("m.sql", subqueries, Dialect::Postgres).has_errors());

    std::string chain = "select 1";
    for (int i = 0; i < 20000; ++i) {
        chain += " + 1";
    }
    CHECK(parse("m.sql", chain, Dialect::Postgres).has_errors());

    ParseOptions shallow;
    shallow.max_depth = 5;
    CHECK(parse("m.sql", "select ((((((1))))))", Dialect::Postgres, shallow).has_errors());
    CHECK(!parse("m.sql", "select 1", Dialect::Postgres, shallow).has_errors());
}

TEST_CASE("the parser skips comments and keeps them on the script", "[sql][parser][trivia]") {
    std::string sql = "select a, -- dpipe:ignore AM04\n  /* b */ b from t";
    Script s = parse("m.sql", sql, Dialect::Postgres);
    CHECK(s.diagnostics().empty());
    REQUIRE(s.statements().size() == 1);
    CHECK(print(s.statements()[0]) == norm("select a, b from t"));
    REQUIRE(s.comments().size() == 2);
    CHECK(s.comments()[0].text == "-- dpipe:ignore AM04");
    CHECK(s.comments()[0].offset == 10);
    CHECK(s.comments()[1].text == "/* b */");
}
