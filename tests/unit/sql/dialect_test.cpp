#include "sql/dialect.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::sql;

TEST_CASE("dialect names parse case-insensitively", "[sql][dialect]") {
    CHECK(parse_dialect("postgres") == Dialect::Postgres);
    CHECK(parse_dialect("PostgreSQL") == Dialect::Postgres);
    CHECK(parse_dialect("snowflake") == Dialect::Snowflake);
    CHECK(parse_dialect("BigQuery") == Dialect::BigQuery);
    CHECK(parse_dialect("duckdb") == Dialect::DuckDB);
    CHECK(parse_dialect("sqlite") == Dialect::SQLite);
    CHECK(parse_dialect("trino") == Dialect::Trino);
    CHECK(parse_dialect("ansi") == Dialect::Ansi);
    CHECK(parse_dialect("redshift") == Dialect::Redshift);
    CHECK(parse_dialect("Databricks") == Dialect::Databricks);
    CHECK(parse_dialect("spark") == Dialect::Databricks);
    CHECK(parse_dialect("clickhouse") == Dialect::ClickHouse);
    CHECK(parse_dialect("sqlserver") == Dialect::SQLServer);
    CHECK(parse_dialect("fabric") == Dialect::SQLServer);
    CHECK(parse_dialect("synapse") == Dialect::SQLServer);
    CHECK(parse_dialect("athena") == Dialect::Trino);
    CHECK(!parse_dialect("mysql"));
    CHECK(!parse_dialect(""));
    // The table's rows are in enum order and every name round-trips.
    CHECK(all_dialects().size() == static_cast<std::size_t>(k_dialect_count));
    for (Dialect d : all_dialects()) {
        CHECK(parse_dialect(dialect_name(d)) == d);
    }
}

TEST_CASE("unquoted identifiers fold per dialect", "[sql][dialect]") {
    std::string buf;
    CHECK(fold_identifier("MyTable", Dialect::Postgres, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::Snowflake, buf) == "MYTABLE");
    CHECK(fold_identifier("MyTable", Dialect::DuckDB, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::BigQuery, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::Redshift, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::Databricks, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::SQLServer, buf) == "mytable");
    CHECK(fold_identifier("MyTable", Dialect::ClickHouse, buf) == "MyTable"); // case-sensitive
    std::string_view lower = "already_lower";
    CHECK(fold_identifier(lower, Dialect::Postgres, buf).data() == lower.data()); // no copy
}
