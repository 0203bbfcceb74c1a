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

void CancelGroup::add(Connection& conn) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_conns.push_back(&conn);
}

std::size_t CancelGroup::cancel_all() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_released) {
        return 0;
    }
    for (Connection* c : m_conns) {
        c->cancel();
    }
    return m_conns.size();
}

void CancelGroup::release() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_released = true;
        m_conns.clear();
    }
    m_cv.notify_all();
}

bool CancelGroup::wait_released(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_cv.wait_for(lock, timeout, [this] { return m_released; });
}

} // namespace dpipe::engine
