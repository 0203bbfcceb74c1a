// The client against a scripted transport: paths, bodies and error mapping.

#include "docker/cleanup.hpp"
#include "docker/client.hpp"
#include "docker/ephemeral.hpp"
#include "fake_transport.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <ctime>
#include <sys/wait.h>
#include <unistd.h>

using namespace dpipe::docker;
using dpipe::core::Error;
using dpipe::core::ExitCode;
using testing::FakeTransport;

TEST_CASE("the API version is negotiated from /_ping and prefixes every path", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/containers/json", 200, "[]");
    Client c(t);
    REQUIRE(c.list_containers({}).empty());
    REQUIRE(t->requests.at(0).path == "/_ping");
    REQUIRE(t->requests.at(1).path.rfind("/v1.41/containers/json?all=1&filters=", 0) == 0);

    auto newer = std::make_shared<FakeTransport>();
    newer->api_version = "1.47";
    Client c2(newer);
    REQUIRE(c2.ping() == k_max_api_version);
    newer->on("DELETE", "/v1.43/containers/abc", 204, "");
    c2.remove_container("abc");
    REQUIRE(newer->requests.back().path == "/v1.43/containers/abc?force=1&v=1");
    // The version is negotiated once.
    REQUIRE(std::count_if(newer->requests.begin(), newer->requests.end(),
                          [](const auto& r) { return r.path == "/_ping"; }) == 1);
}

TEST_CASE("a daemon older than the minimum is refused", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->api_version = "1.12";
    Client c(t);
    REQUIRE_THROWS_WITH(c.ping(), Catch::Contains("speaks API 1.12"));
    t->api_version = "garbage";
    Client c2(t);
    REQUIRE_THROWS_WITH(c2.ping(), Catch::Contains("API-Version"));
}

TEST_CASE("an unreachable daemon is ExitCode::Unavailable with a hint", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->unreachable = true;
    Client c(t);
    try {
        c.ping();
        FAIL("ping succeeded");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Unavailable);
        REQUIRE(e.hints.at(0).find("DOCKER_HOST") != std::string::npos);
    }
}

TEST_CASE("pull uses an explicit tag and fails on errors inside the stream", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("POST", "/v1.41/images/create", 200,
          "{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},"
          "\"error\":\"manifest unknown\"}\n");
    Client c(t);
    try {
        c.pull_image("localhost:5000/pg");
        FAIL("pull succeeded");
    } catch (const ApiError& e) {
        REQUIRE(std::string(e.what()) == "pull image 'localhost:5000/pg:latest': manifest unknown");
    }
    REQUIRE(t->requests.back().path ==
            "/v1.41/images/create?fromImage=localhost%3A5000%2Fpg&tag=latest");
    t->on("POST", "/v1.41/images/create", 200, "{\"status\":\"Downloaded\"}\n");
    c.pull_image("pg:15");
    REQUIRE(t->requests.back().path == "/v1.41/images/create?fromImage=pg&tag=15");
}

TEST_CASE("HTTP errors carry the daemon's message and removing a missing container succeeds",
          "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("POST", "/v1.41/containers/abc/start", 500,
          R"({"message":"driver failed programming external connectivity"})");
    t->on("DELETE", "/v1.41/containers/gone", 404, R"({"message":"No such container: gone"})");
    t->on("DELETE", "/v1.41/containers/busy", 409,
          R"({"message":"removal of container busy is already in progress"})");
    t->on("DELETE", "/v1.41/containers/bad", 500, R"({"message":"boom"})");
    Client c(t);
    REQUIRE_THROWS_WITH(c.start_container("abc"),
                        "start container abc: driver failed programming external connectivity");
    REQUIRE_NOTHROW(c.remove_container("gone"));
    REQUIRE_NOTHROW(c.remove_container("busy"));
    REQUIRE_THROWS_AS(c.remove_container("bad"), ApiError);
}

TEST_CASE("container create sends labels and env and asks for a random 127.0.0.1 port", "[docker]") {
    ContainerSpec spec;
    spec.image = "dpipe-test/postgres:15";
    spec.env = {"POSTGRES_USER=u"};
    spec.labels = {{"dev.dpipe.session", "s1"}};
    spec.tcp_ports = {5432};
    auto j = nlohmann::json::parse(container_create_body(spec));
    REQUIRE(j["Image"] == "dpipe-test/postgres:15");
    REQUIRE(j["Env"][0] == "POSTGRES_USER=u");
    REQUIRE(j["Labels"]["dev.dpipe.session"] == "s1");
    REQUIRE(j["ExposedPorts"].contains("5432/tcp"));
    REQUIRE(j["HostConfig"]["PortBindings"]["5432/tcp"][0]["HostIp"] == "127.0.0.1");
    REQUIRE(j["HostConfig"]["PortBindings"]["5432/tcp"][0]["HostPort"] == "");
    REQUIRE(j["HostConfig"]["AutoRemove"] == false);
    REQUIRE_FALSE(j.contains("Cmd"));

    auto t = std::make_shared<FakeTransport>();
    t->on("POST", "/v1.41/containers/create", 404, R"({"message":"No such image"})");
    Client c(t);
    REQUIRE_THROWS_WITH(c.create_container(spec), Catch::Contains("dpipe-test/postgres:15"));
}

TEST_CASE("inspect reads the state and exit code and the published port", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/containers/abc/json", 200, R"({
        "Id": "abc", "State": {"Status": "running", "Running": true, "ExitCode": 0},
        "Config": {"Labels": {"dev.dpipe.session": "s"}},
        "NetworkSettings": {"Ports": {"5432/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}],
                                      "9/udp": null}}})");
    t->on("GET", "/v1.41/containers/dead/json", 200, R"({
        "Id": "dead", "State": {"Status": "exited", "Running": false, "ExitCode": 1},
        "NetworkSettings": {"Ports": null}})");
    Client c(t);
    ContainerInfo info = c.inspect_container("abc");
    REQUIRE(info.running);
    REQUIRE(info.host_ports.at("5432/tcp") == 49153);
    REQUIRE(info.labels.at("dev.dpipe.session") == "s");
    ContainerInfo dead = c.inspect_container("dead");
    REQUIRE_FALSE(dead.running);
    REQUIRE(dead.status == "exited");
    REQUIRE(dead.exit_code == 1);
    REQUIRE(dead.host_ports.empty());
}

TEST_CASE("logs are demultiplexed and tailed", "[docker]") {
    std::string raw;
    for (std::string line : {"one\n", "two\n", "three\n"}) {
        raw += std::string("\x01\0\0\0\0\0\0", 7) + static_cast<char>(line.size()) + line;
    }
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/containers/abc/logs", 200, raw);
    Client c(t);
    REQUIRE(c.logs("abc", 2) == "two\nthree\n");
    REQUIRE(t->requests.back().path == "/v1.41/containers/abc/logs?stdout=1&stderr=1&tail=2");
}

TEST_CASE("sweep removes containers of dead owners and expired ones only", "[docker]") {
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    waitpid(child, nullptr, 0); // `child` is now a pid that no longer exists
    std::string host = this_hostname();
    long now = 1'700'000'000;
    auto entry = [&](const std::string& id, long pid, const std::string& h, long expires) {
        return nlohmann::json{{"Id", id},
                              {"State", "running"},
                              {"Labels",
                               {{"dev.dpipe.session", "s"},
                                {"dev.dpipe.pid", std::to_string(pid)},
                                {"dev.dpipe.host", h},
                                {"dev.dpipe.expires", std::to_string(expires)}}}};
    };
    nlohmann::json list = nlohmann::json::array({
        entry("dead-owner", child, host, now + 3600),
        entry("live-owner", getpid(), host, now + 3600),
        entry("other-host", child, host + "-elsewhere", now + 3600),
        entry("expired", getpid(), host + "-elsewhere", now - 1),
    });
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/containers/json", 200, list.dump());
    t->on("DELETE", "/v1.41/containers/", 204, "");
    Client c(t);
    SweepResult r =
        sweep_stale(c, std::chrono::system_clock::time_point(std::chrono::seconds(now)));
    REQUIRE(r.removed == std::vector<std::string>{"dead-owner", "expired"});
    REQUIRE(r.failures.empty());
    auto filter = t->requests.at(1).path;
    REQUIRE(filter.find("%22dev.dpipe.session%22") != std::string::npos);
}

TEST_CASE("the live registry refuses nothing until cleanup starts", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("DELETE", "/v1.41/containers/", 204, "");
    auto c = std::make_shared<Client>(t);
    REQUIRE(register_live("c1", c));
    REQUIRE(register_live("c2", c));
    REQUIRE(live_containers().size() == 2);
    unregister_live("c2");
    REQUIRE(remove_live_containers() == std::vector<std::string>{"c1"});
    REQUIRE(live_containers().empty());
    REQUIRE(t->requests.back().path == "/v1.41/containers/c1?force=1&v=1");
}

TEST_CASE("invalid image references never reach the daemon", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    Client c(t);
    try {
        c.inspect_image("pg:15/../../containers/x?force=1");
        FAIL("accepted");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Usage);
    }
    REQUIRE(t->requests.empty());
    EphemeralOptions o;
    o.image = "bad image";
    o.image_loc = {"dpipe.yaml", 3, 10};
    try {
        EphemeralDatabase db(std::make_shared<Client>(t), o);
        FAIL("accepted");
    } catch (const Error& e) {
        REQUIRE(e.exit_code() == ExitCode::Usage);
        REQUIRE(e.diagnostics().at(0).headline() ==
                "dpipe.yaml:3:10: error: cannot use the database image 'bad image': not a valid "
                "image reference [DK001]");
    }
}

TEST_CASE("an ephemeral database is created with labels then started and removed", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/images/pg:15/json", 200, R"({"Id":"sha256:1"})");
    t->on("POST", "/v1.41/containers/create", 201, R"({"Id":"c0ffee"})");
    t->on("POST", "/v1.41/containers/c0ffee/start", 204, "");
    t->on("GET", "/v1.41/containers/c0ffee/json", 200, R"({"Id":"c0ffee",
        "State":{"Status":"running","Running":true},
        "NetworkSettings":{"Ports":{"5432/tcp":[{"HostIp":"127.0.0.1","HostPort":"40001"}]}}})");
    t->on("DELETE", "/v1.41/containers/c0ffee", 204, "");
    EphemeralOptions o;
    o.image = "pg:15";
    o.session_id = "s1";
    {
        EphemeralDatabase db(std::make_shared<Client>(t), o);
        REQUIRE(db.port() == 40001);
        REQUIRE(db.password().size() == 32);
        REQUIRE(live_containers() == std::vector<std::string>{"c0ffee"});
        REQUIRE_FALSE(db.stopped_reason());
        auto create = std::find_if(t->requests.begin(), t->requests.end(), [](const auto& r) {
            return r.path.rfind("/v1.41/containers/create", 0) == 0;
        });
        REQUIRE(create->path.rfind("/v1.41/containers/create?name=dpipe-s1-", 0) == 0);
        auto body = nlohmann::json::parse(create->body);
        REQUIRE(body["Labels"]["dev.dpipe.session"] == "s1");
        REQUIRE(body["Labels"]["dev.dpipe.pid"] == std::to_string(getpid()));
        REQUIRE(body["Labels"]["dev.dpipe.host"] == this_hostname());
        long expires = std::stol(body["Labels"]["dev.dpipe.expires"].get<std::string>());
        REQUIRE(expires > std::time(nullptr) + 3000);
        REQUIRE(body["Env"][1].get<std::string>() == "POSTGRES_PASSWORD=" + db.password());
        REQUIRE(body["Cmd"][0] == "postgres");
    }
    REQUIRE(t->requests.back().method == "DELETE");
    REQUIRE(live_containers().empty());
}

TEST_CASE("a container that exits at once is removed and its logs reported", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("GET", "/v1.41/images/pg:15/json", 200, R"({"Id":"sha256:1"})");
    t->on("POST", "/v1.41/containers/create", 201, R"({"Id":"dead"})");
    t->on("POST", "/v1.41/containers/dead/start", 204, "");
    t->on("GET", "/v1.41/containers/dead/json", 200,
          R"({"Id":"dead","State":{"Status":"exited","Running":false,"ExitCode":1}})");
    t->on("GET", "/v1.41/containers/dead/logs", 200, "FATAL: bad setting\n");
    t->on("DELETE", "/v1.41/containers/dead", 204, "");
    EphemeralOptions o;
    o.image = "pg:15";
    REQUIRE_THROWS_WITH(EphemeralDatabase(std::make_shared<Client>(t), o),
                        Catch::Contains("stopped at once") && Catch::Contains("exit code 1") &&
                            Catch::Contains("FATAL: bad setting"));
    REQUIRE(t->requests.back().method == "DELETE");
    REQUIRE(live_containers().empty());
}

TEST_CASE("a missing image is pulled and a failed pull names the image", "[docker]") {
    auto t = std::make_shared<FakeTransport>();
    t->on("POST", "/v1.41/images/create", 200, R"({"error":"connection refused"})");
    EphemeralOptions o;
    o.image = "127.0.0.1:1/pg:15";
    REQUIRE_THROWS_WITH(EphemeralDatabase(std::make_shared<Client>(t), o),
                        "cannot use the database image '127.0.0.1:1/pg:15': not present locally "
                        "and the pull failed: connection refused");
    REQUIRE(t->requests.back().path ==
            "/v1.41/images/create?fromImage=127.0.0.1%3A1%2Fpg&tag=15");
}

TEST_CASE("session ids and passwords are random hex", "[docker]") {
    std::string a = make_session_id();
    std::string b = make_session_id();
    REQUIRE(a.size() == 12);
    REQUIRE(a != b);
    REQUIRE(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    REQUIRE(random_hex(16).size() == 32);
}
