#include "sql/dialect.hpp"

#include "util/strings.hpp"

namespace dpipe::sql {

std::optional<Dialect> parse_dialect(std::string_view name) {
    std::string n = util::to_lower(util::trim(name));
    if (n == "postgres" || n == "postgresql" || n == "pg") {
        return Dialect::Postgres;
    }
    if (n == "snowflake") {
        return Dialect::Snowflake;
    }
    if (n == "bigquery") {
        return Dialect::BigQuery;
    }
    if (n == "duckdb") {
        return Dialect::DuckDB;
    }
    if (n == "sqlite" || n == "sqlite3") {
        return Dialect::SQLite;
    }
    if (n == "trino" || n == "presto") {
        return Dialect::Trino;
    }
    if (n == "ansi") {
        return Dialect::Ansi;
    }
    return std::nullopt;
}

const char* dialect_name(Dialect d) {
    switch (d) {
    case Dialect::Postgres: return "postgres";
    case Dialect::Snowflake: return "snowflake";
    case Dialect::BigQuery: return "bigquery";
    case Dialect::DuckDB: return "duckdb";
    case Dialect::SQLite: return "sqlite";
    case Dialect::Trino: return "trino";
    case Dialect::Ansi: return "ansi";
    }
    return "ansi";
}

namespace {

DialectTraits make_postgres() {
    DialectTraits t;
    t.dollar_strings = true;
    t.dollar_tags = true;
    t.nested_comments = true;
    t.double_colon_cast = true;
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

DialectTraits make_duckdb() {
    DialectTraits t;
    t.dollar_strings = true;
    t.dollar_tags = true;
    t.nested_comments = true;
    t.double_colon_cast = true;
    return t;
}

DialectTraits make_sqlite() {
    DialectTraits t;
    t.backtick_idents = true;
    t.bracket_idents = true;
    t.colon_params = true;
    return t;
}

const DialectTraits k_postgres = make_postgres();
const DialectTraits k_snowflake = make_snowflake();
const DialectTraits k_bigquery = make_bigquery();
const DialectTraits k_duckdb = make_duckdb();
const DialectTraits k_sqlite = make_sqlite();
const DialectTraits k_plain{};

} // namespace

const DialectTraits& traits(Dialect d) {
    switch (d) {
    case Dialect::Postgres: return k_postgres;
    case Dialect::Snowflake: return k_snowflake;
    case Dialect::BigQuery: return k_bigquery;
    case Dialect::DuckDB: return k_duckdb;
    case Dialect::SQLite: return k_sqlite;
    case Dialect::Trino:
    case Dialect::Ansi: return k_plain;
    }
    return k_plain;
}

std::string_view fold_identifier(std::string_view word, Dialect d, std::string& buffer) {
    bool upper = traits(d).fold == CaseFold::Upper;
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
