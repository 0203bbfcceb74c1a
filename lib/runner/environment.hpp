#pragma once
// The database a test run uses: an ephemeral Docker container, embedded SQLite, or a schema
// on an existing PostgreSQL server (DPIPE_TEST_DSN). Owns every resource it creates and
// releases it in its destructor.

#include "core/project.hpp"
#include "engine/connection.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::runner {

struct EnvironmentRequest {
    std::string engine; // auto | docker | sqlite | postgres
    std::string image;
    core::SourceLoc image_loc;
    bool keep = false;
};

class Environment {
public:
    // Starts the database and waits until it answers. Throws core::Error: Usage for an unknown
    // engine, Unavailable when Docker or the server cannot be reached.
    explicit Environment(const EnvironmentRequest& request);
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

    const std::string& engine() const { return m_engine; }
    const std::string& note() const { return m_note; }
    double ready_seconds() const { return m_ready_seconds; }
    // How many connections may work at once (SQLite: 1).
    unsigned max_connections() const { return m_engine == "sqlite" ? 1 : 64; }
    // The first connection (made at start).
    engine::Connection& primary() { return *m_primary; }
    // A further connection to the same database.
    std::unique_ptr<engine::Connection> connect();
    // When set, models render into this schema and sources into "<prefix><schema>" (an existing
    // server shared with others); empty for throwaway databases.
    const std::string& run_schema() const { return m_run_schema; }
    // Creates `schema` and remembers it for dropping on an existing server.
    void ensure_schema(const std::string& schema);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_engine;
    std::string m_note;
    std::string m_run_schema;
    std::vector<std::string> m_created_schemas;
    double m_ready_seconds = 0;
    std::unique_ptr<engine::Connection> m_primary;
};

} // namespace dpipe::runner
