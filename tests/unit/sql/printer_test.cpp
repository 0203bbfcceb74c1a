#include "sql/parser.hpp"
#include "sql/printer.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace dpipe::sql;

namespace {

// parse(print(parse(x))) must equal parse(x) structurally, statement by statement.
void check_round_trip(const std::string& name, const std::string& sql, Dialect d) {
    INFO(name);
    Script first = parse(name, sql, d);
    std::string printed = print(first);
    INFO(printed);
    Script second = parse(name, printed, d);
    REQUIRE(first.statements().size() == second.statements().size());
    for (std::size_t i = 0; i < first.statements().size(); ++i) {
        bool same = same_structure(first.ast(), first.statements()[i].node, second.ast(), second.statements()[i].node);
        if (!same) {
            INFO(dump(first.ast(), first.statements()[i].node));
            INFO(dump(second.ast(), second.statements()[i].node));
            CHECK(same);
        }
    }
    // Printing is a fixed point after one round.
    CHECK(print(second) == printed);
}

} // namespace

TEST_CASE("printing round-trips over the postgres corpus", "[sql][printer]") {
    std::filesystem::path dir = std::filesystem::path(DPIPE_SOURCE_DIR) / "tests/sql/corpus/postgres";
    int count = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        auto text = dpipe::util::read_file(e.path(), 1 << 20);
        REQUIRE(text);
        check_round_trip(e.path().filename().string(), *text, Dialect::Postgres);
        ++count;
    }
    CHECK(count >= 80);
}

TEST_CASE("printing round-trips dialect-specific syntax", "[sql][printer]") {
    struct Case {
        Dialect d;
        const char* sql;
    };
    const Case cases[] = {
        {Dialect::Snowflake, "select v:a.b[0]::string, f.value from t, lateral flatten(input => t.arr) f "
                             "qualify row_number() over (partition by id order by ts desc) = 1"},
        {Dialect::Snowflake, "select * from t pivot (sum(v) for k in ('a', 'b')) p"},
        {Dialect::Snowflake, "select * rename (a as b) from t"},
        {Dialect::BigQuery, "select * except (a), struct(1 as x), array_agg(b ignore nulls order by c limit 5) "
                            "from `proj.ds.t`, unnest(items) as item where @p > 0 # comment"},
        {Dialect::BigQuery, "select safe_cast(x as int64), r'\\d', \"str\", lag(x) ignore nulls over (order by y) from t"},
        {Dialect::DuckDB, "select * exclude (a) replace (b * 2 as b), {'k': 1}, [1, 2][1] from t group by all"},
        {Dialect::DuckDB, "select x::int[] , list_transform(l, y -> y + 1) from t"},
        {Dialect::SQLite, "select [a b], `c`, \"d\" from [t] limit 1, 2"},
        {Dialect::Trino, "select try_cast(a as varchar), approx_distinct(b), ? from c.s.t tablesample bernoulli (10)"},
        {Dialect::Ansi, "select a from t fetch first 3 rows with ties"},
        {Dialect::Postgres, "select 1 from a natural join b cross join lateral (select 1) x; create table t (a int)"},
        {Dialect::Postgres, "select a, ) from t where"},
    };
    for (const Case& c : cases) {
        check_round_trip(dialect_name(c.d), c.sql, c.d);
    }
}
