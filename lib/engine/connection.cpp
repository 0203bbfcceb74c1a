#include "engine/connection.hpp"

namespace dpipe::engine {

namespace {
std::string sql_error_text(const std::string& msg, const std::string& state) {
    std::string out = msg;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    if (!state.empty()) {
        out += " (SQLSTATE " + state + ")";
    }
    return out;
}
} // namespace

SqlError::SqlError(std::string db_message, std::string sqlstate)
    : core::Error(core::ExitCode::Findings, sql_error_text(db_message, sqlstate)),
      m_db_message(std::move(db_message)), m_sqlstate(std::move(sqlstate)) {}

core::Error interrupted_error() {
    return core::Error(core::ExitCode::Interrupted, "interrupted");
}

std::string Connection::qualified(const TableRef& t) const {
    if (t.schema.empty()) {
        return quote_ident(t.name);
    }
    return quote_ident(t.schema) + '.' + quote_ident(t.name);
}

} // namespace dpipe::engine
