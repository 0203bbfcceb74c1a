#include "engine/sqlite_connection.hpp"

#include "engine/csv.hpp"
#include "util/strings.hpp"

#include <sqlite3.h>

#include <climits>

namespace dpipe::engine {

namespace {

// Finalizes a statement on scope exit.
struct StmtGuard {
    sqlite3_stmt* stmt = nullptr;
    ~StmtGuard() { sqlite3_finalize(stmt); }
};

int checked_length(std::string_view s) {
    if (s.size() > static_cast<std::size_t>(INT_MAX)) {
        throw SqlError("statement or value larger than 2 GiB", "");
    }
    return static_cast<int>(s.size());
}

} // namespace

SqliteConnection::SqliteConnection(std::string path) : m_path(std::move(path)) {
    if (m_path.empty()) {
        m_path = ":memory:";
    }
    int rc =
        sqlite3_open_v2(m_path.c_str(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw core::Error(core::ExitCode::Unavailable,
                          "cannot open SQLite database '" + m_path + "': " + msg);
    }
    sqlite3_extended_result_codes(m_db, 1);
    // SQLite reads a double-quoted name that matches no column as a string literal, so a test
    // on a missing column would compare against a constant and pass. Turn that off.
    for (int option : {SQLITE_DBCONFIG_DQS_DML, SQLITE_DBCONFIG_DQS_DDL}) {
        int now = 1;
        if (sqlite3_db_config(m_db, option, 0, &now) != SQLITE_OK || now != 0) {
            sqlite3_close(m_db);
            m_db = nullptr;
            throw core::Error(core::ExitCode::Unavailable,
                              "this SQLite library cannot turn off double-quoted string literals");
        }
    }
    // sqlite3_interrupt() only reaches a statement that is running; the progress handler also
    // stops one that starts right after cancel().
    sqlite3_progress_handler(m_db, 1000, &SqliteConnection::on_progress, this);
}

SqliteConnection::~SqliteConnection() {
    std::lock_guard<std::mutex> lock(m_cancel_mutex);
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

int SqliteConnection::on_progress(void* self) {
    return static_cast<SqliteConnection*>(self)->m_cancelled.load() ? 1 : 0;
}

void SqliteConnection::cancel() {
    m_cancelled.store(true);
    std::lock_guard<std::mutex> lock(m_cancel_mutex);
    if (m_db != nullptr) {
        sqlite3_interrupt(m_db); // documented as safe from another thread
    }
}

void SqliteConnection::check_cancelled() const {
    if (m_cancelled.load()) {
        throw interrupted_error();
    }
}

void SqliteConnection::throw_error() const {
    check_cancelled();
    throw SqlError(sqlite3_errmsg(m_db), "");
}

void SqliteConnection::execute(std::string_view sql) {
    check_cancelled();
    // sqlite3_exec needs a NUL-terminated string; walk the statements with prepare instead so
    // the view is used as is.
    const char* p = sql.data();
    const char* end = sql.data() + sql.size();
    while (p < end) {
        StmtGuard g;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(m_db, p, checked_length(std::string_view(p, end - p)), &g.stmt,
                               &tail) != SQLITE_OK) {
            throw_error();
        }
        if (g.stmt != nullptr) {
            int rc;
            while ((rc = sqlite3_step(g.stmt)) == SQLITE_ROW) {
            }
            if (rc != SQLITE_DONE) {
                throw_error();
            }
        }
        if (tail == nullptr || tail <= p) {
            break;
        }
        p = tail;
    }
}

QueryResult SqliteConnection::query(std::string_view sql, std::size_t max_rows) {
    check_cancelled();
    StmtGuard g;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), checked_length(sql), &g.stmt, &tail) != SQLITE_OK) {
        throw_error();
    }
    QueryResult r;
    if (g.stmt == nullptr) {
        return r;
    }
    const char* end = sql.data() + sql.size();
    if (tail != nullptr && tail < end) {
        // Only ';', blanks or comments may follow the one query.
        StmtGuard extra;
        if (sqlite3_prepare_v2(m_db, tail, checked_length(std::string_view(tail, end - tail)),
                               &extra.stmt, nullptr) == SQLITE_OK &&
            extra.stmt != nullptr) {
            throw SqlError("query() runs one statement; found more than one", "");
        }
    }
    int n = sqlite3_column_count(g.stmt);
    r.columns.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const char* name = sqlite3_column_name(g.stmt, i);
        r.columns.emplace_back(name ? name : "");
    }
    int rc;
    while ((rc = sqlite3_step(g.stmt)) == SQLITE_ROW) {
        ++r.row_count;
        if (r.rows.size() >= max_rows) {
            continue;
        }
        auto& row = r.rows.emplace_back();
        row.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            if (sqlite3_column_type(g.stmt, i) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
            } else {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(g.stmt, i));
                int len = sqlite3_column_bytes(g.stmt, i);
                row.emplace_back(std::string(text ? text : "", static_cast<std::size_t>(len)));
            }
        }
    }
    if (rc != SQLITE_DONE) {
        throw_error();
    }
    return r;
}

std::string SqliteConnection::quote_ident(std::string_view ident) const {
    return '"' + util::replace_all(ident, "\"", "\"\"") + '"';
}

void SqliteConnection::ensure_schema(std::string_view schema) {
    std::string key = util::to_lower(schema);
    if (schema.empty() || key == "main" || key == "temp" || m_schemas.count(key) != 0) {
        return;
    }
    std::string file = m_path == ":memory:" ? ":memory:" : m_path + "." + std::string(schema);
    std::string sql =
        "ATTACH DATABASE '" + util::replace_all(file, "'", "''") + "' AS " + quote_ident(schema);
    execute(sql);
    m_schemas.insert(key);
}

std::size_t SqliteConnection::load_csv(const TableRef& target, const std::vector<ColumnSpec>& types,
                                       std::string_view csv, const CsvSource& source) {
    check_cancelled();
    CsvReader reader(csv, source);
    std::vector<CsvField> fields;
    if (!reader.next(fields)) {
        throw core::Error::input("EN002", core::SourceLoc{source.file, 1, 1},
                                 "CSV file is empty: a header row is required");
    }
    std::vector<ColumnSpec> columns = resolve_csv_columns(fields, types, source, 1);
    ensure_schema(target.schema);

    std::string table = qualified(target);
    std::string create = "CREATE TABLE " + table + " (";
    std::string insert = "INSERT INTO " + table + " VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0) {
            create += ", ";
            insert += ", ";
        }
        create += quote_ident(columns[i].name) + ' ' +
                  (columns[i].type.empty() ? std::string("TEXT") : columns[i].type);
        insert += '?';
    }
    create += ')';
    insert += ')';

    execute("SAVEPOINT dpipe_load_csv");
    try {
        execute("DROP TABLE IF EXISTS " + table);
        execute(create);
        StmtGuard g;
        if (sqlite3_prepare_v2(m_db, insert.c_str(), checked_length(insert), &g.stmt, nullptr) !=
            SQLITE_OK) {
            throw_error();
        }
        std::size_t rows = 0;
        while (reader.next(fields)) {
            if (fields.size() != columns.size()) {
                throw reader.error_at_record("CSV row has " + std::to_string(fields.size()) +
                                             " fields, the header has " +
                                             std::to_string(columns.size()));
            }
            sqlite3_reset(g.stmt);
            for (std::size_t i = 0; i < fields.size(); ++i) {
                int idx = static_cast<int>(i) + 1;
                int rc = fields[i].is_null()
                             ? sqlite3_bind_null(g.stmt, idx)
                             : sqlite3_bind_text(g.stmt, idx, fields[i].text.data(),
                                                 checked_length(fields[i].text), SQLITE_STATIC);
                if (rc != SQLITE_OK) {
                    throw_error();
                }
            }
            // The fields stay valid until reader.next(); the bindings are cleared before that,
            // so SQLite need not copy each value.
            int step = sqlite3_step(g.stmt);
            sqlite3_clear_bindings(g.stmt);
            if (step != SQLITE_DONE) {
                check_cancelled();
                std::string msg = sqlite3_errmsg(m_db);
                throw SqlError(
                    source.file + ":" + std::to_string(reader.record_line()) + ": " + msg, "");
            }
            ++rows;
        }
        execute("RELEASE dpipe_load_csv");
        return rows;
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK TO dpipe_load_csv; RELEASE dpipe_load_csv", nullptr, nullptr,
                     nullptr);
        throw;
    }
}

} // namespace dpipe::engine
