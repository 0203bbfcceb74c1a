#pragma once
// One interface over the databases dpipe tests run on: embedded SQLite and PostgreSQL (libpq).
//
// Error contract: every method throws. A statement the database rejects throws SqlError, whose
// message is the database's own message (plus SQLSTATE where the database has one); a lost or
// refused connection throws core::Error with ExitCode::Unavailable; malformed CSV throws
// core::Error::input located in the CSV file. A Connection is used by one thread at a time.

#include "core/error.hpp"
#include "core/source_loc.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::engine {

// A statement failed in the database. what() is "<database message>" (SQLSTATE appended for
// PostgreSQL); exit code Findings, since a model that does not build is a failed test.
class SqlError : public core::Error {
  public:
    SqlError(std::string db_message, std::string sqlstate);
    const std::string& db_message() const { return m_db_message; }
    const std::string& sqlstate() const { return m_sqlstate; }

  private:
    std::string m_db_message;
    std::string m_sqlstate;
};

// What a cancelled connection throws: core::Error with ExitCode::Interrupted, message
// "interrupted".
core::Error interrupted_error();

// A query's answer. Cells are NULL (nullopt) or the database's text form of the value.
struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows; // at most max_rows of them
    std::size_t row_count = 0;                                 // rows the query returned in all

    bool truncated() const { return row_count > rows.size(); }
};

// A table, optionally schema-qualified. An empty schema means the connection's default.
struct TableRef {
    std::string schema;
    std::string name;
};

// A declared column for load_csv: name as in the CSV header, SQL type ("" = text).
struct ColumnSpec {
    std::string name;
    std::string type;
};

// Where the CSV text came from, for located errors, and its limits.
struct CsvSource {
    std::string file;                      // project-relative path shown in errors
    std::size_t max_columns = 4096;        // per row
    std::size_t max_field_bytes = 1 << 24; // per field
};

class Connection {
  public:
    virtual ~Connection() = default;

    // Runs one or more statements, discarding any rows.
    virtual void execute(std::string_view sql) = 0;

    // Runs a query, keeping at most max_rows rows while counting all of them.
    virtual QueryResult query(std::string_view sql, std::size_t max_rows) = 0;

    // Replaces `target` with a table loaded from `csv` (header row first): the table is dropped
    // if it exists and created with one column per header field; a column listed in `types`
    // gets that type, the others the text type. A declared column missing from the header is an
    // input error. An unquoted empty field loads as NULL, a quoted one ("") as ''. Returns the
    // number of data rows loaded.
    virtual std::size_t load_csv(const TableRef& target, const std::vector<ColumnSpec>& types,
                                 std::string_view csv, const CsvSource& source) = 0;

    // The identifier quoted for this dialect ("a""b" for a"b).
    virtual std::string quote_ident(std::string_view ident) const = 0;

    // "sqlite" or "postgres".
    virtual std::string dialect() const = 0;

    // Makes `schema` exist (SQLite: an attached in-memory database; PostgreSQL: CREATE SCHEMA).
    virtual void ensure_schema(std::string_view schema) = 0;

    // Stops the statement running now (from any thread; never blocks for long) and makes every
    // later call fail: the interrupted call and all later ones throw interrupted_error().
    // Idempotent. Not async-signal-safe: call it from a watcher thread, not a signal handler.
    virtual void cancel() = 0;

    // "schema"."name" (or "name" alone when the schema is empty), quoted for this dialect.
    std::string qualified(const TableRef& t) const;
};

// The connections of one run, for a watcher thread (SIGINT/SIGTERM) to cancel while worker
// threads use them. All members are thread-safe. The owner calls release() before the
// connections are destroyed; cancel_all() does nothing from then on, and wait_released() lets
// the watcher hold the process until the run has unwound and cleaned up.
class CancelGroup {
  public:
    void add(Connection& conn);
    // Cancels every connection added and not yet released; returns how many it cancelled.
    std::size_t cancel_all();
    void release();
    // True once release() was called, false when `timeout` passed first.
    bool wait_released(std::chrono::milliseconds timeout);

  private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Connection*> m_conns;
    bool m_released = false;
};

} // namespace dpipe::engine
