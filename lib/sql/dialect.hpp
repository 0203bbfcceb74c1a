#pragma once
// SQL dialects dpipe understands and the lexical/syntactic traits that differ between them.
// One table in dialect.cpp holds every dialect's names and traits.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dpipe::sql {

enum class Dialect {
    Postgres,
    Snowflake,
    BigQuery,
    DuckDB,
    SQLite,
    Trino,
    Ansi,
    Redshift,
    Databricks,
    ClickHouse,
    SQLServer,
};

// How many dialects there are (the enum values are 0 .. k_dialect_count - 1).
inline constexpr int k_dialect_count = 11;

// A dialect by name, case-insensitive: "postgres" ("postgresql", "pg"), "snowflake", "bigquery",
// "duckdb", "sqlite" ("sqlite3"), "trino" ("presto", "athena"), "ansi", "redshift",
// "databricks" ("spark", "sparksql"), "clickhouse", "sqlserver" ("tsql", "mssql", "fabric",
// "synapse"). nullopt when unknown.
std::optional<Dialect> parse_dialect(std::string_view name);
// The canonical name (the first of the names above).
const char* dialect_name(Dialect d);
// Every dialect, in enum order.
std::span<const Dialect> all_dialects();

enum class CaseFold {
    Lower, // unquoted names fold to lower case (postgres, ...)
    Upper, // ... to upper case (snowflake)
    None,  // names are case-sensitive and kept as written (clickhouse)
};

// What the tokenizer, parser and printer need to know about a dialect.
struct DialectTraits {
    CaseFold fold = CaseFold::Lower;    // how unquoted identifiers are folded
    char ident_quote = '"';             // the quote the printer uses for identifiers
    bool backtick_idents = false;       // `ident`
    bool bracket_idents = false;        // [ident] (sqlite, T-SQL)
    bool double_quoted_strings = false; // "text" is a string (bigquery, spark)
    bool triple_quoted_strings = false; // '''text''' / """text""" (bigquery)
    bool backslash_escapes = false;     // '\'' escapes inside ordinary strings
    bool dollar_strings = false;        // $$text$$
    bool dollar_tags = false;           // $tag$text$tag$
    bool nested_comments = false;       // /* /* */ */
    bool hash_comments = false;         // # comment
    bool slash_comments = false;        // // comment (snowflake)
    bool double_colon_cast = false;     // expr::type
    bool colon_paths = false;           // variant:path.to[0] (snowflake, databricks)
    bool question_operator = false;     // ? is an operator (postgres jsonb), not a parameter
    bool at_params = false;             // @name parameters (bigquery, T-SQL variables)
    bool colon_params = false;          // :name parameters (sqlite)
    bool hash_idents = false;           // #temp / ##global table names (T-SQL)
    bool number_suffixes = false;       // 1L, 2S, 3Y, 0D, 1.5F, 9.99BD typed numbers (spark)
};

const DialectTraits& traits(Dialect d);

// Folds an unquoted identifier as the dialect does. Returns `word` itself when nothing changes
// (no allocation in the common case); otherwise writes into `buffer` and returns a view of it.
std::string_view fold_identifier(std::string_view word, Dialect d, std::string& buffer);

} // namespace dpipe::sql
