#pragma once
// PostgreSQL (libpq) behind engine::Connection, plus what a test run needs around it: building
// connection strings, waiting until a fresh server answers, and a per-run schema on a shared
// server. Errors follow the contract in connection.hpp; messages never contain the password.

#include "engine/connection.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

struct pg_conn;
struct pg_cancel;

namespace dpipe::engine {

struct PgParams {
    std::string host = "127.0.0.1";
    int port = 5432;
    std::string user;
    std::string password;
    std::string dbname;
    int connect_timeout_s = 5;
    std::string application_name = "dpipe";

    // A libpq key='value' connection string with every value escaped.
    std::string conninfo() const;
    // "user@host:port/dbname", safe to show.
    std::string display() const;
};

// Called between connection attempts while waiting for a server. Returns nullopt while the
// server may still come up, or a description of why it never will (a container that exited,
// with its last log lines), which ends the wait at once.
using AliveCheck = std::function<std::optional<std::string>()>;

class PostgresConnection : public Connection {
  public:
    // Connects with a libpq connection string or URI (as in DPIPE_TEST_DSN). `display` names the
    // server in errors. Throws core::Error (Unavailable) with libpq's message on failure.
    static std::unique_ptr<PostgresConnection> connect(const std::string& conninfo,
                                                       const std::string& display);

    // Retries connecting and `SELECT 1` until it answers or `timeout` passes; `alive` (may be
    // empty) is consulted after each failed attempt. Throws core::Error (Unavailable) with the
    // last libpq message, or with the AliveCheck's description when the server died.
    static std::unique_ptr<PostgresConnection> wait_ready(const std::string& conninfo,
                                                          const std::string& display,
                                                          std::chrono::milliseconds timeout,
                                                          const AliveCheck& alive);

    ~PostgresConnection() override;
    PostgresConnection(const PostgresConnection&) = delete;
    PostgresConnection& operator=(const PostgresConnection&) = delete;

    void execute(std::string_view sql) override;
    // One statement only (extended protocol); rows are streamed, so a huge result is counted
    // without being held.
    QueryResult query(std::string_view sql, std::size_t max_rows) override;
    // Bulk load through COPY ... FROM STDIN (text format).
    std::size_t load_csv(const TableRef& target, const std::vector<ColumnSpec>& types,
                         std::string_view csv, const CsvSource& source) override;
    std::string quote_ident(std::string_view ident) const override;
    std::string dialect() const override { return "postgres"; }
    void ensure_schema(std::string_view schema) override;
    // Sends a cancel request for the running statement (PQcancel, on a connection of its own).
    void cancel() override;

    // The server's version number (e.g. 150004).
    int server_version() const;

  private:
    PostgresConnection(pg_conn* conn, std::string display);
    [[noreturn]] void throw_result_error(void* result) const;
    void copy_chunk(std::string& buffer, bool final);
    void check_cancelled() const;

    pg_conn* m_conn;
    pg_cancel* m_cancel = nullptr;
    std::string m_display;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_cancel_mutex; // cancel() against the destructor freeing m_cancel
};

// libpq's message about `conninfo` with every secret masked: the password parsed from it, and
// any quoted fragment of a string libpq could not parse (it may hold part of the password).
std::string safe_connect_message(const std::string& conninfo, std::string message);

// "dpipe_<session>" with the session id lower-cased and anything but [a-z0-9_] replaced by '_'
// (at most 63 bytes, PostgreSQL's identifier limit).
std::string run_schema_name(std::string_view session_id);

// CREATE SCHEMA (failing if it exists, so two runs never share one) / DROP SCHEMA ... CASCADE.
void create_run_schema(Connection& conn, std::string_view schema);
void drop_run_schema(Connection& conn, std::string_view schema);

// A run's schema on an existing server (DPIPE_TEST_DSN): created on construction, dropped with
// everything in it on destruction unless keep() was called. Drop errors in the destructor are
// swallowed (the connection may already be gone); call drop() to see them.
class RunSchema {
  public:
    RunSchema(Connection& conn, std::string_view session_id);
    ~RunSchema();
    RunSchema(const RunSchema&) = delete;
    RunSchema& operator=(const RunSchema&) = delete;

    const std::string& name() const { return m_name; }
    void keep() { m_keep = true; }
    void drop();

  private:
    Connection& m_conn;
    std::string m_name;
    bool m_keep = false;
    bool m_dropped = false;
};

} // namespace dpipe::engine
