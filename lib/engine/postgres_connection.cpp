#include "engine/postgres_connection.hpp"

#include "engine/csv.hpp"
#include "util/redact.hpp"
#include "util/strings.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <thread>

namespace dpipe::engine {

namespace {

struct ResultGuard {
    PGresult* r = nullptr;
    ~ResultGuard() { PQclear(r); }
};

// libpq prints notices to stderr by default; library code never prints.
void ignore_notice(void*, const char*) {}

std::string conn_error(PGconn* c) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
        msg.pop_back();
    }
    return msg;
}

std::string escape_value(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\\' || c == '\'') {
            out += '\\';
        }
        out += c;
    }
    out += '\'';
    return out;
}

constexpr std::size_t k_copy_chunk = 256 * 1024;

// Appends a CSV field in COPY text format: backslash escapes, \N for NULL.
void append_copy_field(std::string& out, const CsvField& f) {
    if (f.is_null()) {
        out += "\\N";
        return;
    }
    std::size_t start = 0;
    std::string_view t = f.text;
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        const char* esc = nullptr;
        switch (c) {
        case '\\':
            esc = "\\\\";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        default:
            break;
        }
        if (esc != nullptr) {
            out.append(t.substr(start, i - start));
            out += esc;
            start = i + 1;
        }
    }
    out.append(t.substr(start));
}

} // namespace

std::string PgParams::conninfo() const {
    std::string s = "host=" + escape_value(host) + " port=" + std::to_string(port);
    if (!user.empty()) {
        s += " user=" + escape_value(user);
    }
    if (!password.empty()) {
        s += " password=" + escape_value(password);
    }
    if (!dbname.empty()) {
        s += " dbname=" + escape_value(dbname);
    }
    s += " connect_timeout=" + std::to_string(std::max(connect_timeout_s, 1));
    s += " application_name=" + escape_value(application_name);
    return s;
}

std::string PgParams::display() const {
    return user + "@" + host + ":" + std::to_string(port) + "/" + dbname;
}

std::string safe_connect_message(const std::string& conninfo, std::string message) {
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &parse_error);
    if (options != nullptr) {
        for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
            if (o->val != nullptr && std::string_view(o->keyword) == "password" && *o->val) {
                message = util::replace_all(message, o->val, std::string(util::k_redacted));
            }
        }
        PQconninfoFree(options);
    } else {
        // libpq quotes the part it choked on, which may be a piece of the password.
        std::string out;
        bool in_quote = false;
        for (char c : message) {
            if (c == '"') {
                out += in_quote ? std::string(util::k_redacted) + '"' : "\"";
                in_quote = !in_quote;
            } else if (!in_quote) {
                out += c;
            }
        }
        message = out;
    }
    PQfreemem(parse_error);
    return util::redact(message);
}

PostgresConnection::PostgresConnection(PGconn* conn, std::string display)
    : m_conn(conn), m_cancel(PQgetCancel(conn)), m_display(std::move(display)) {
    PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
}

PostgresConnection::~PostgresConnection() {
    {
        std::lock_guard<std::mutex> lock(m_cancel_mutex);
        PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    PQfinish(m_conn);
}

void PostgresConnection::cancel() {
    m_cancelled.store(true);
    std::lock_guard<std::mutex> lock(m_cancel_mutex);
    if (m_cancel != nullptr) {
        char err[256];
        // Failure (the server already gone) leaves nothing to interrupt; the flag still stops
        // every later call.
        [[maybe_unused]] int sent = PQcancel(m_cancel, err, sizeof err);
    }
}

void PostgresConnection::check_cancelled() const {
    if (m_cancelled.load()) {
        throw interrupted_error();
    }
}

std::unique_ptr<PostgresConnection> PostgresConnection::connect(const std::string& conninfo,
                                                                const std::string& display) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
        std::string msg = safe_connect_message(conninfo, conn_error(c));
        PQfinish(c);
        throw core::Error(core::ExitCode::Unavailable,
                          "cannot connect to PostgreSQL at " + display + ": " + msg);
    }
    return std::unique_ptr<PostgresConnection>(new PostgresConnection(c, display));
}

std::unique_ptr<PostgresConnection>
PostgresConnection::wait_ready(const std::string& conninfo, const std::string& display,
                               std::chrono::milliseconds timeout, const AliveCheck& alive) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    // A fresh container answers about a second after its port is published: poll often
    // (20 ms, growing by half up to 100 ms) so that little of that wait is lost to sleeping.
    // A failed attempt is cheap: the port proxy refuses at once until the server listens.
    auto pause = std::chrono::milliseconds(20);
    std::string last_error = "no attempt made";
    for (;;) {
        try {
            auto conn = connect(conninfo, display);
            conn->query("SELECT 1", 1);
            return conn;
        } catch (const core::Error& e) {
            last_error = e.what();
        }
        if (alive) {
            if (std::optional<std::string> dead = alive()) {
                throw core::Error(core::ExitCode::Unavailable,
                                  "the database at " + display +
                                      " stopped before it was ready: " + *dead);
            }
        }
        if (Clock::now() + pause >= deadline) {
            throw core::Error(core::ExitCode::Unavailable,
                              "PostgreSQL at " + display + " was not ready after " +
                                  std::to_string(timeout.count()) + " ms: " + last_error);
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 3 / 2, std::chrono::milliseconds(100));
    }
}

void PostgresConnection::throw_result_error(void* result) const {
    check_cancelled();
    auto* r = static_cast<PGresult*>(result);
    if (PQstatus(m_conn) == CONNECTION_BAD) {
        throw core::Error(core::ExitCode::Unavailable, "lost the connection to PostgreSQL at " +
                                                           m_display + ": " + conn_error(m_conn));
    }
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    const char* context = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : nullptr;
    std::string msg = primary ? primary : conn_error(m_conn);
    if (detail != nullptr) {
        msg += std::string("; ") + detail;
    }
    if (context != nullptr) {
        msg += std::string(" [") + context + "]";
    }
    throw SqlError(std::move(msg), state ? state : "");
}

void PostgresConnection::execute(std::string_view sql) {
    check_cancelled();
    std::string text(sql); // libpq needs a NUL-terminated string
    ResultGuard g{PQexec(m_conn, text.c_str())};
    ExecStatusType st = g.r ? PQresultStatus(g.r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        throw_result_error(g.r);
    }
}

QueryResult PostgresConnection::query(std::string_view sql, std::size_t max_rows) {
    check_cancelled();
    std::string text(sql);
    if (PQsendQueryParams(m_conn, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        throw_result_error(nullptr);
    }
    PQsetSingleRowMode(m_conn);
    QueryResult out;
    bool have_columns = false;
    std::optional<SqlError> failure;
    std::optional<core::Error> lost;
    while (PGresult* raw = PQgetResult(m_conn)) {
        ResultGuard g{raw};
        ExecStatusType st = PQresultStatus(raw);
        if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
            int ncols = PQnfields(raw);
            if (!have_columns) {
                have_columns = true;
                for (int i = 0; i < ncols; ++i) {
                    out.columns.emplace_back(PQfname(raw, i));
                }
            }
            for (int row = 0; row < PQntuples(raw); ++row) {
                ++out.row_count;
                if (out.rows.size() >= max_rows) {
                    continue;
                }
                auto& cells = out.rows.emplace_back();
                cells.reserve(static_cast<std::size_t>(ncols));
                for (int i = 0; i < ncols; ++i) {
                    if (PQgetisnull(raw, row, i)) {
                        cells.emplace_back(std::nullopt);
                    } else {
                        cells.emplace_back(
                            std::string(PQgetvalue(raw, row, i),
                                        static_cast<std::size_t>(PQgetlength(raw, row, i))));
                    }
                }
            }
        } else if (st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY && !failure && !lost) {
            // Keep draining results so the connection stays usable, then throw.
            try {
                throw_result_error(raw);
            } catch (SqlError& e) {
                failure.emplace(std::move(e));
            } catch (core::Error& e) {
                lost.emplace(std::move(e));
                break;
            }
        }
    }
    if (lost) {
        throw *lost;
    }
    if (failure) {
        throw *failure;
    }
    return out;
}

std::string PostgresConnection::quote_ident(std::string_view ident) const {
    return '"' + util::replace_all(ident, "\"", "\"\"") + '"';
}

void PostgresConnection::ensure_schema(std::string_view schema) {
    if (schema.empty()) {
        return;
    }
    execute("CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema));
}

int PostgresConnection::server_version() const {
    return PQserverVersion(m_conn);
}

void PostgresConnection::copy_chunk(std::string& buffer, bool final) {
    if (!buffer.empty()) {
        if (PQputCopyData(m_conn, buffer.data(), static_cast<int>(buffer.size())) != 1) {
            throw_result_error(nullptr);
        }
        buffer.clear();
    }
    if (final && PQputCopyEnd(m_conn, nullptr) != 1) {
        throw_result_error(nullptr);
    }
}

std::size_t PostgresConnection::load_csv(const TableRef& target,
                                         const std::vector<ColumnSpec>& types, std::string_view csv,
                                         const CsvSource& source) {
    check_cancelled();
    CsvReader reader(csv, source);
    std::vector<CsvField> fields;
    if (!reader.next(fields)) {
        throw core::Error::input("EN002", core::SourceLoc{source.file, 1, 1},
                                 "CSV file is empty: a header row is required");
    }
    std::vector<ColumnSpec> columns = resolve_csv_columns(fields, types, source, 1);
    std::string table = qualified(target);
    std::string create = "CREATE TABLE " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        create += (i > 0 ? ", " : "") + quote_ident(columns[i].name) + ' ' +
                  (columns[i].type.empty() ? std::string("text") : columns[i].type);
    }
    create += ')';

    execute("BEGIN");
    try {
        ensure_schema(target.schema);
        execute("DROP TABLE IF EXISTS " + table);
        execute(create);
        std::string copy = "COPY " + table + " FROM STDIN";
        ResultGuard start{PQexec(m_conn, copy.c_str())};
        if (start.r == nullptr || PQresultStatus(start.r) != PGRES_COPY_IN) {
            throw_result_error(start.r);
        }
        std::string buffer;
        buffer.reserve(k_copy_chunk + 4096);
        std::size_t rows = 0;
        std::optional<core::Error> bad_row;
        while (!bad_row && reader.next(fields)) {
            if (fields.size() != columns.size()) {
                bad_row.emplace(reader.error_at_record(
                    "CSV row has " + std::to_string(fields.size()) + " fields, the header has " +
                    std::to_string(columns.size())));
                break;
            }
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (i > 0) {
                    buffer += '\t';
                }
                append_copy_field(buffer, fields[i]);
            }
            buffer += '\n';
            ++rows;
            if (buffer.size() >= k_copy_chunk) {
                copy_chunk(buffer, false);
            }
        }
        if (bad_row) {
            PQputCopyEnd(m_conn, "malformed CSV");
            while (PGresult* r = PQgetResult(m_conn)) {
                PQclear(r);
            }
            throw *bad_row;
        }
        copy_chunk(buffer, true);
        std::optional<SqlError> failure;
        while (PGresult* raw = PQgetResult(m_conn)) {
            ResultGuard g{raw};
            if (PQresultStatus(raw) != PGRES_COMMAND_OK && !failure) {
                try {
                    throw_result_error(raw);
                } catch (SqlError& e) {
                    failure.emplace(std::move(e));
                }
            }
        }
        if (failure) {
            throw SqlError(source.file + ": " + failure->db_message(), failure->sqlstate());
        }
        execute("COMMIT");
        return rows;
    } catch (...) {
        if (PQstatus(m_conn) == CONNECTION_OK) {
            ResultGuard g{PQexec(m_conn, "ROLLBACK")};
        }
        throw;
    }
}

std::string run_schema_name(std::string_view session_id) {
    std::string out = "dpipe_";
    for (char c : session_id) {
        char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_';
        out += ok ? l : '_';
        if (out.size() >= 63) {
            break;
        }
    }
    return out;
}

void create_run_schema(Connection& conn, std::string_view schema) {
    conn.execute("CREATE SCHEMA " + conn.quote_ident(schema));
}

void drop_run_schema(Connection& conn, std::string_view schema) {
    conn.execute("DROP SCHEMA IF EXISTS " + conn.quote_ident(schema) + " CASCADE");
}

RunSchema::RunSchema(Connection& conn, std::string_view session_id)
    : m_conn(conn), m_name(run_schema_name(session_id)) {
    create_run_schema(m_conn, m_name);
}

RunSchema::~RunSchema() {
    if (m_keep || m_dropped) {
        return;
    }
    try {
        drop();
    } catch (const std::exception&) {
        // The server or connection is gone; nothing more can be done from a destructor.
    }
}

void RunSchema::drop() {
    drop_run_schema(m_conn, m_name);
    m_dropped = true;
}

} // namespace dpipe::engine
