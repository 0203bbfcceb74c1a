#include "sql/dialect.hpp"

#include "util/strings.hpp"

#include <array>

namespace dpipe::sql {

namespace {

struct DialectRow {
    Dialect dialect;
    // The canonical name first, then accepted aliases; nullptr-terminated.
    std::array<const char*, 6> names;
    DialectTraits traits;
};

DialectTraits postgres_like() {
    DialectTraits t;
    t.dollar_strings = true;
    t.dollar_tags = true;
    t.nested_comments = true;
    t.double_colon_cast = true;
    return t;
}

DialectTraits make_postgres() {
    DialectTraits t = postgres_like();
    t.question_operator = true;
    return t;
}

DialectTraits make_snowflake() {
    DialectTraits t;
    t.fold = CaseFold::Upper;
    t.backslash_escapes = true;
    t.dollar_strings = true;
    t.slash_comments = true;
    t.double_colon_cast = true;
    t.colon_paths = true;
    return t;
}

DialectTraits make_bigquery() {
    DialectTraits t;
    t.ident_quote = '`';
    t.backtick_idents = true;
    t.double_quoted_strings = true;
    t.triple_quoted_strings = true;
    t.backslash_escapes = true;
    t.hash_comments = true;
    t.at_params = true;
    return t;
}

DialectTraits make_sqlite() {
    DialectTraits t;
    t.backtick_idents = true;
    t.bracket_idents = true;
    t.colon_params = true;
    return t;
}

// Redshift: postgres 8 lexically, but backslash escapes in strings and no $tag$ quoting.
DialectTraits make_redshift() {
    DialectTraits t;
    t.backslash_escapes = true;
    t.dollar_strings = true;
    t.double_colon_cast = true;
    return t;
}

// Databricks / Spark SQL: `ident`, "text" and 'text' are strings with backslash escapes,
// nested bracketed comments, `::` casts and `col:path` JSON paths.
DialectTraits make_databricks() {
    DialectTraits t;
    t.ident_quote = '`';
    t.backtick_idents = true;
    t.double_quoted_strings = true;
    t.backslash_escapes = true;
    t.nested_comments = true;
    t.double_colon_cast = true;
    t.colon_paths = true;
    t.number_suffixes = true;
    return t;
}

// ClickHouse: case-sensitive names, quoted with "x" or `x`; backslash escapes; # comments.
DialectTraits make_clickhouse() {
    DialectTraits t;
    t.fold = CaseFold::None;
    t.backtick_idents = true;
    t.backslash_escapes = true;
    t.hash_comments = true;
    t.double_colon_cast = true;
    return t;
}

// T-SQL (SQL Server, Azure Synapse, Fabric): [name] and "name", @variables, #temp tables,
// nested block comments. Names are case-insensitive in the default collations.
DialectTraits make_sqlserver() {
    DialectTraits t;
    t.bracket_idents = true;
    t.nested_comments = true;
    t.at_params = true;
    t.hash_idents = true;
    return t;
}

const std::array<DialectRow, k_dialect_count> k_rows = {{
    {Dialect::Postgres, {"postgres", "postgresql", "pg", nullptr}, make_postgres()},
    {Dialect::Snowflake, {"snowflake", nullptr}, make_snowflake()},
    {Dialect::BigQuery, {"bigquery", nullptr}, make_bigquery()},
    {Dialect::DuckDB, {"duckdb", "motherduck", nullptr}, postgres_like()},
    {Dialect::SQLite, {"sqlite", "sqlite3", nullptr}, make_sqlite()},
    {Dialect::Trino, {"trino", "presto", "athena", nullptr}, DialectTraits{}},
    {Dialect::Ansi, {"ansi", nullptr}, DialectTraits{}},
    {Dialect::Redshift, {"redshift", nullptr}, make_redshift()},
    {Dialect::Databricks, {"databricks", "spark", "sparksql", nullptr}, make_databricks()},
    {Dialect::ClickHouse, {"clickhouse", nullptr}, make_clickhouse()},
    {Dialect::SQLServer,
     {"sqlserver", "tsql", "mssql", "fabric", "synapse", nullptr},
     make_sqlserver()},
}};

constexpr std::array<Dialect, k_dialect_count> k_all = {
    Dialect::Postgres,   Dialect::Snowflake,  Dialect::BigQuery,  Dialect::DuckDB,
    Dialect::SQLite,     Dialect::Trino,      Dialect::Ansi,      Dialect::Redshift,
    Dialect::Databricks, Dialect::ClickHouse, Dialect::SQLServer,
};

const DialectRow& row(Dialect d) {
    auto i = static_cast<std::size_t>(d);
    return i < k_rows.size() ? k_rows[i] : k_rows[static_cast<std::size_t>(Dialect::Ansi)];
}

} // namespace

std::optional<Dialect> parse_dialect(std::string_view name) {
    std::string n = util::to_lower(util::trim(name));
    for (const DialectRow& r : k_rows) {
        for (const char* alias : r.names) {
            if (alias == nullptr) {
                break;
            }
            if (n == alias) {
                return r.dialect;
            }
        }
    }
    return std::nullopt;
}

const char* dialect_name(Dialect d) {
    return row(d).names[0];
}

std::span<const Dialect> all_dialects() {
    return k_all;
}

const DialectTraits& traits(Dialect d) {
    return row(d).traits;
}

std::string_view fold_identifier(std::string_view word, Dialect d, std::string& buffer) {
    CaseFold fold = traits(d).fold;
    if (fold == CaseFold::None) {
        return word;
    }
    bool upper = fold == CaseFold::Upper;
    bool change = false;
    for (char c : word) {
        if (upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z')) {
            change = true;
            break;
        }
    }
    if (!change) {
        return word;
    }
    buffer.assign(word);
    for (char& c : buffer) {
        if (upper && c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (!upper && c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return buffer;
}

} // namespace dpipe::sql
