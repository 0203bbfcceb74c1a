#pragma once
// SQL dialects dpipe understands and the lexical/syntactic traits that differ between them.

#include <optional>
#include <string>
#include <string_view>

namespace dpipe::sql {

enum class Dialect { Postgres, Snowflake, BigQuery, DuckDB, SQLite, Trino, Ansi };

// "postgres" | "snowflake" | "bigquery" | "duckdb" | "sqlite" | "trino" | "ansi"
// (case-insensitive; "postgresql" and "pg" are accepted too). nullopt when unknown.
std::optional<Dialect> parse_dialect(std::string_view name);
const char* dialect_name(Dialect d);

enum class CaseFold { Lower, Upper };

// What the tokenizer, parser and printer need to know about a dialect.
struct DialectTraits {
    CaseFold fold = CaseFold::Lower;   // how unquoted identifiers are folded
    char ident_quote = '"';            // the quote the printer uses for identifiers
    bool backtick_idents = false;      // `ident`
    bool bracket_idents = false;       // [ident] (sqlite)
    bool double_quoted_strings = false; // "text" is a string (bigquery)
    bool triple_quoted_strings = false; // '''text''' / """text""" (bigquery)
    bool backslash_escapes = false;    // '\'' escapes inside ordinary strings
    bool dollar_strings = false;       // $$text$$
    bool dollar_tags = false;          // $tag$text$tag$
    bool nested_comments = false;      // /* /* */ */
    bool hash_comments = false;        // # comment
    bool slash_comments = false;       // // comment (snowflake)
    bool double_colon_cast = false;    // expr::type
    bool colon_paths = false;          // variant:path.to[0] (snowflake)
    bool question_operator = false;    // ? is an operator (postgres jsonb), not a parameter
    bool at_params = false;            // @name parameters (bigquery)
    bool colon_params = false;         // :name parameters (sqlite)
};

const DialectTraits& traits(Dialect d);

// Folds an unquoted identifier as the dialect does. Returns `word` itself when nothing changes
// (no allocation in the common case); otherwise writes into `buffer` and returns a view of it.
std::string_view fold_identifier(std::string_view word, Dialect d, std::string& buffer);

} // namespace dpipe::sql
