#pragma once
// Embedded SQLite behind engine::Connection. The main database is in memory or a file; every
// schema is an attached database (in memory, or a file beside the main one), so
// "schema"."table" resolves as on a server. Errors follow the contract in connection.hpp.
// Double-quoted string literals are off (SQLITE_DBCONFIG_DQS_DML/DDL), so "nosuch" names a
// column and fails when there is none, as on every other database.

#include "engine/connection.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>

struct sqlite3;

namespace dpipe::engine {

class SqliteConnection : public Connection {
  public:
    // `path` empty or ":memory:" opens an in-memory database; otherwise a file (created).
    // Attached schemas then live in "<path>.<schema>" files. Throws core::Error (Unavailable)
    // when the database cannot be opened.
    explicit SqliteConnection(std::string path = {});
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    void execute(std::string_view sql) override;
    QueryResult query(std::string_view sql, std::size_t max_rows) override;
    std::size_t load_csv(const TableRef& target, const std::vector<ColumnSpec>& types,
                         std::string_view csv, const CsvSource& source) override;
    std::string quote_ident(std::string_view ident) const override;
    std::string dialect() const override { return "sqlite"; }
    void ensure_schema(std::string_view schema) override;
    void cancel() override;

  private:
    [[noreturn]] void throw_error() const;
    void check_cancelled() const;
    static int on_progress(void* self);

    sqlite3* m_db = nullptr;
    std::string m_path;
    std::set<std::string> m_schemas;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_cancel_mutex; // cancel() against the destructor closing m_db
};

} // namespace dpipe::engine
