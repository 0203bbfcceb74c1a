// Tests against a real Docker daemon and the local PostgreSQL image (label "docker").

#include "daemon_support.hpp"
#include "docker/cleanup.hpp"
#include "docker/ephemeral.hpp"
#include "engine/postgres_connection.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

using namespace dpipe::docker;
using dpipe::core::Error;
using dpipe::core::ExitCode;
using testing::daemon_or_skip;
using testing::test_image;

namespace {

std::size_t count_session(Client& c, const std::string& session) {
    return c.list_containers({{k_label_session, session}}).size();
}

std::unique_ptr<dpipe::engine::PostgresConnection> connect_to(EphemeralDatabase& db) {
    dpipe::engine::PgParams p;
    p.host = db.host();
    p.port = db.port();
    p.user = db.user();
    p.password = db.password();
    p.dbname = db.database();
    return dpipe::engine::PostgresConnection::wait_ready(
        p.conninfo(), p.display(), std::chrono::seconds(60), [&] { return db.stopped_reason(); });
}

} // namespace

TEST_CASE("ping negotiates an API version the client speaks", "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    ApiVersion v = client->ping();
    REQUIRE(v <= k_max_api_version);
    REQUIRE(v >= k_min_api_version);
    REQUIRE_NOTHROW(client->list_containers({{k_label_session, std::string("none")}}));
}

TEST_CASE("a labelled container goes through create start inspect logs and remove",
          "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    std::string session = "t" + make_session_id();
    ContainerSpec spec;
    spec.image = test_image();
    spec.env = {"POSTGRES_USER=u", "POSTGRES_PASSWORD=pw", "POSTGRES_DB=d"};
    spec.labels = {{k_label_session, session}, {k_label_pid, std::to_string(getpid())}};
    spec.tcp_ports = {5432};
    std::string id = client->create_container(spec);
    struct Remover {
        Client& c;
        std::string id;
        ~Remover() {
            try {
                c.remove_container(id);
            } catch (...) {
            }
        }
    } remover{*client, id};
    REQUIRE(count_session(*client, session) == 1);
    client->start_container(id);
    ContainerInfo info = client->inspect_container(id);
    REQUIRE(info.running);
    REQUIRE(info.labels.at(k_label_session) == session);
    REQUIRE(info.host_ports.at("5432/tcp") > 0);

    std::string logs;
    for (int i = 0; i < 200 && logs.find("starting PostgreSQL") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        logs = client->logs(id, 50);
    }
    REQUIRE_THAT(logs, Catch::Contains("starting PostgreSQL"));
    REQUIRE(client->logs(id, 1).find('\n') >= client->logs(id, 1).size() - 1);

    client->stop_container(id, 5);
    REQUIRE_FALSE(client->inspect_container(id).running);
    client->remove_container(id);
    REQUIRE(count_session(*client, session) == 0);
    REQUIRE_NOTHROW(client->remove_container(id)); // already gone: still success
}

TEST_CASE("an ephemeral database answers SELECT 1 and disappears with its owner",
          "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    EphemeralOptions options;
    options.image = test_image();
    options.session_id = "t" + make_session_id();
    {
        EphemeralDatabase db(client, options);
        REQUIRE(db.port() > 0);
        REQUIRE(count_session(*client, options.session_id) == 1);
        REQUIRE(live_containers().size() == 1);
        auto conn = connect_to(db);
        auto r = conn->query("SELECT 1 AS one", 10);
        REQUIRE(r.rows.at(0).at(0) == std::optional<std::string>("1"));
        std::size_t n = conn->load_csv({"seeds", "people"}, {{"id", "integer"}},
                                       "id,name\n1,ann\n2,\n", {"seeds/people.csv"});
        REQUIRE(n == 2);
        REQUIRE(conn->query("SELECT count(*) FROM seeds.people WHERE name IS NULL", 1)
                    .rows.at(0)
                    .at(0) == std::optional<std::string>("1"));
        REQUIRE_FALSE(db.stopped_reason());
    }
    REQUIRE(count_session(*client, options.session_id) == 0);
    REQUIRE(live_containers().empty());
}

TEST_CASE("a database that dies while starting reports its last log lines", "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    EphemeralOptions options;
    options.image = test_image();
    options.session_id = "t" + make_session_id();
    options.server_args = {"-c", "no_such_setting_dpipe=1"};
    try {
        EphemeralDatabase db(client, options);
        connect_to(db);
        FAIL("the database started");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE_THAT(e.what(),
                     Catch::Contains("last log lines") && Catch::Contains("no_such_setting_dpipe"));
    }
    REQUIRE(count_session(*client, options.session_id) == 0);
}

TEST_CASE("sweep removes a container whose owner process is gone", "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    waitpid(child, nullptr, 0);
    std::string session = "t" + make_session_id();
    ContainerSpec spec;
    spec.image = test_image();
    spec.labels = {{k_label_session, session},
                   {k_label_pid, std::to_string(child)},
                   {k_label_host, this_hostname()},
                   {k_label_expires, "9999999999"}};
    std::string id = client->create_container(spec);
    REQUIRE(count_session(*client, session) == 1);
    SweepResult r = sweep_stale(*client);
    REQUIRE(std::find(r.removed.begin(), r.removed.end(), id) != r.removed.end());
    REQUIRE(count_session(*client, session) == 0);
}

TEST_CASE("an unknown image gives an error naming it", "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    EphemeralOptions options;
    options.image = "dpipe-test/no-such-image:0";
    options.image_loc = {"dpipe.yaml", 12, 10};
    options.pull_missing = false;
    try {
        EphemeralDatabase db(client, options);
        FAIL("started a container from a missing image");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE_THAT(e.what(), Catch::Contains("'dpipe-test/no-such-image:0'"));
        REQUIRE(e.diagnostics().at(0).loc.str() == "dpipe.yaml:12:10");
    }
    // A pull from a registry that is not there fails inside the daemon: still named.
    options.image = "127.0.0.1:1/dpipe-missing:1";
    options.pull_missing = true;
    REQUIRE_THROWS_WITH(EphemeralDatabase(client, options),
                        Catch::Contains("'127.0.0.1:1/dpipe-missing:1'") &&
                            Catch::Contains("pull failed"));
}

TEST_CASE("an unreachable daemon is exit code 3", "[docker][daemon]") {
    const char* old = std::getenv("DOCKER_HOST");
    std::string saved = old ? old : "";
    setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock", 1);
    try {
        Client::from_env()->ping();
        FAIL("reached a daemon on a nonexistent socket");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE_THAT(e.what(), Catch::Contains("unix:///nonexistent/docker.sock"));
        REQUIRE(e.hints.at(0) == "is dockerd running? set DOCKER_HOST");
    }
    if (old) {
        setenv("DOCKER_HOST", saved.c_str(), 1);
    } else {
        unsetenv("DOCKER_HOST");
    }
}

TEST_CASE("SIGINT removes the live containers and exits 130", "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    std::string session = "t" + make_session_id();
    std::string image = test_image();
    pid_t pid = fork();
    if (pid == 0) {
        execl(DPIPE_SIGINT_PROBE, DPIPE_SIGINT_PROBE, session.c_str(), image.c_str(), nullptr);
        _exit(127);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 130);
    REQUIRE(count_session(*client, session) == 0);
}

TEST_CASE("images are pulled from a local registry and a missing tag fails naming the image",
          "[docker][daemon]") {
    auto client = daemon_or_skip();
    if (!client) {
        return;
    }
    // tests/docker/start-registry prints the address to put in DPIPE_TEST_REGISTRY.
    const char* registry = std::getenv("DPIPE_TEST_REGISTRY");
    if (registry == nullptr || *registry == '\0') {
        const char* req = std::getenv("DPIPE_REQUIRE_REGISTRY");
        if (req != nullptr && std::string(req) == "1") {
            FAIL("DPIPE_REQUIRE_REGISTRY=1 but DPIPE_TEST_REGISTRY is not set");
        }
        std::cout << "SKIPPED: no local registry: set DPIPE_TEST_REGISTRY "
                     "(tests/docker/start-registry)"
                  << std::endl;
        WARN("SKIPPED: no local registry (DPIPE_TEST_REGISTRY)");
        return;
    }
    std::string image = std::string(registry) + "/dpipe-test/tiny:1";
    client->remove_image(image);
    REQUIRE_FALSE(client->inspect_image(image));
    client->pull_image(image);
    REQUIRE(client->inspect_image(image));
    client->remove_image(image);
    REQUIRE_FALSE(client->inspect_image(image));

    std::string missing = std::string(registry) + "/dpipe-test/tiny:no-such-tag";
    try {
        client->pull_image(missing);
        FAIL("pulled a tag that does not exist");
    } catch (const ApiError& e) {
        REQUIRE_THAT(e.what(), Catch::StartsWith("pull image '" + missing + "': "));
        REQUIRE_THAT(e.daemon_message(), Catch::Contains("not found") ||
                                             Catch::Contains("manifest unknown"));
    }
}
