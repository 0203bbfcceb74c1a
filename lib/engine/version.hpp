#pragma once
// Versions of the database client libraries the engine adapters are built on, for
// `dpipe doctor` (callers never touch the C libraries themselves).

#include <string>

namespace dpipe::engine {

// The embedded SQLite, e.g. "3.40.1".
std::string sqlite_version();

// libpq, e.g. "15.4" (major.minor from PQlibVersion; "9.6.24" style before PostgreSQL 10).
std::string libpq_version();

} // namespace dpipe::engine
