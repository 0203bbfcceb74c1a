#include "runner/environment.hpp"

#include "core/error.hpp"
#include "docker/cleanup.hpp"
#include "docker/client.hpp"
#include "docker/ephemeral.hpp"
#include "engine/postgres_connection.hpp"
#include "engine/sqlite_connection.hpp"

#include <chrono>
#include <cstdlib>

namespace dpipe::runner {

struct Environment::Impl {
    std::shared_ptr<docker::Client> client;
    std::unique_ptr<docker::EphemeralDatabase> db;
    std::string conninfo;
    std::string display;
};

namespace {

bool docker_answers(std::shared_ptr<docker::Client>& client) {
    try {
        client = docker::Client::from_env();
        client->ping();
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

Environment::Environment(const EnvironmentRequest& request) : m_impl(std::make_unique<Impl>()) {
    auto start = std::chrono::steady_clock::now();
    std::string engine = request.engine.empty() ? "auto" : request.engine;
    if (engine != "auto" && engine != "docker" && engine != "sqlite" && engine != "postgres") {
        throw core::Error(core::ExitCode::Usage,
                          "unknown test engine '" + engine + "' (use auto, docker, sqlite or postgres)");
    }
    if (engine == "auto") {
        if (docker_answers(m_impl->client)) {
            engine = "docker";
            m_note = "auto: Docker answered at " + m_impl->client->describe();
        } else {
            engine = "sqlite";
            m_note = "auto: no Docker daemon answered, using embedded SQLite";
        }
    }
    m_engine = engine;
    if (engine == "sqlite") {
        m_primary = std::make_unique<engine::SqliteConnection>();
    } else if (engine == "docker") {
        if (!m_impl->client) {
            m_impl->client = docker::Client::from_env();
        }
        m_impl->client->ping(); // throws Unavailable with a hint when the daemon is not there
        docker::install_interrupt_cleanup();
        docker::sweep_stale(*m_impl->client);
        docker::EphemeralOptions opts;
        opts.image = request.image;
        opts.image_loc = request.image_loc;
        m_impl->db = std::make_unique<docker::EphemeralDatabase>(m_impl->client, opts);
        if (request.keep) {
            m_impl->db->keep();
        }
        engine::PgParams params;
        params.host = m_impl->db->host();
        params.port = m_impl->db->port();
        params.user = m_impl->db->user();
        params.password = m_impl->db->password();
        params.dbname = m_impl->db->database();
        m_impl->conninfo = params.conninfo();
        m_impl->display = params.display();
        auto* db = m_impl->db.get();
        m_primary = engine::PostgresConnection::wait_ready(
            m_impl->conninfo, m_impl->display, std::chrono::seconds(60),
            [db] { return db->stopped_reason(); });
        std::string note = "image " + request.image + ", container " +
                           m_impl->db->container_id().substr(0, 12);
        if (request.keep) {
            note += "; kept running: PGPASSWORD=" + params.password + " psql -h " + params.host +
                    " -p " + std::to_string(params.port) + " -U " + params.user + " " +
                    params.dbname + "; remove it with: docker rm -f " +
                    m_impl->db->container_id().substr(0, 12);
        }
        m_note = m_note.empty() ? note : m_note + "; " + note;
    } else {
        const char* dsn = std::getenv("DPIPE_TEST_DSN");
        if (dsn == nullptr || *dsn == '\0') {
            throw core::Error(core::ExitCode::Unavailable,
                              "engine 'postgres' needs DPIPE_TEST_DSN, the connection string of "
                              "an existing PostgreSQL server");
        }
        m_impl->conninfo = dsn;
        m_impl->display = "DPIPE_TEST_DSN";
        m_primary = engine::PostgresConnection::connect(m_impl->conninfo, m_impl->display);
        m_run_schema = engine::run_schema_name(docker::make_session_id());
        m_note = "existing server from DPIPE_TEST_DSN, schema " + m_run_schema;
        ensure_schema(m_run_schema);
    }
    m_ready_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Environment::~Environment() {
    if (m_engine == "postgres" && m_primary) {
        engine::Connection* conn = m_primary.get();
        std::unique_ptr<engine::Connection> fresh; // the primary refuses work once cancelled
        for (auto it = m_created_schemas.rbegin(); it != m_created_schemas.rend(); ++it) {
            try {
                try {
                    engine::drop_run_schema(*conn, *it);
                } catch (const core::Error& e) {
                    if (e.exit_code() != core::ExitCode::Interrupted) {
                        throw;
                    }
                    fresh = connect();
                    conn = fresh.get();
                    engine::drop_run_schema(*conn, *it);
                }
            } catch (const std::exception&) {
                // The server may be gone; nothing else can be done from a destructor.
            }
        }
    }
    m_primary.reset();
    m_impl->db.reset(); // removes the container unless kept
}

std::unique_ptr<engine::Connection> Environment::connect() {
    if (m_engine == "sqlite") {
        throw core::Error(core::ExitCode::Usage, "the embedded engine has a single connection");
    }
    return engine::PostgresConnection::connect(m_impl->conninfo, m_impl->display);
}

void Environment::ensure_schema(const std::string& schema) {
    if (m_engine == "postgres") {
        if (std::find(m_created_schemas.begin(), m_created_schemas.end(), schema) !=
            m_created_schemas.end()) {
            return;
        }
        engine::create_run_schema(*m_primary, schema);
        m_created_schemas.push_back(schema);
        return;
    }
    m_primary->ensure_schema(schema);
}

} // namespace dpipe::runner
