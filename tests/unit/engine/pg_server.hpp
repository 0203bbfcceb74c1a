#pragma once
// A PostgreSQL server for the engine tests: DPIPE_TEST_DSN when set (an existing server),
// otherwise a throw-away server made with initdb/pg_ctl in a temp dir on a free 127.0.0.1 port
// (run as the `postgres` user when the tests run as root). When neither is possible the tests
// print "SKIPPED: no PostgreSQL server" and return, or fail under DPIPE_REQUIRE_POSTGRES=1.

#include <string>

namespace dpipe::engine::testing {

struct PgServer {
    std::string conninfo; // empty when unavailable
    std::string display;
    std::string why_not; // reason when unavailable
};

// Started once per process and stopped at exit.
const PgServer& pg_server();

} // namespace dpipe::engine::testing
