#include "docker/protocol.hpp"
#include "docker/transport.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::docker;

TEST_CASE("API versions parse and compare", "[docker][protocol]") {
    REQUIRE(ApiVersion::parse("1.43") == ApiVersion{1, 43});
    REQUIRE(ApiVersion::parse(" 1.9 ") == ApiVersion{1, 9});
    REQUIRE_FALSE(ApiVersion::parse("1"));
    REQUIRE_FALSE(ApiVersion::parse("1.x"));
    REQUIRE_FALSE(ApiVersion::parse("1.43.2"));
    REQUIRE_FALSE(ApiVersion::parse(""));
    REQUIRE(ApiVersion{1, 9} < ApiVersion{1, 41});
    REQUIRE(versioned_path({1, 41}, "/containers/json?all=1") == "/v1.41/containers/json?all=1");
}

TEST_CASE("image references split into repository and explicit tag", "[docker][protocol]") {
    auto r = parse_image_ref("postgres:16-alpine");
    REQUIRE(r.repository == "postgres");
    REQUIRE(r.tag == "16-alpine");
    r = parse_image_ref("postgres");
    REQUIRE(r.tag == "latest");
    REQUIRE(r.str() == "postgres:latest");
    r = parse_image_ref("localhost:5000/team/pg");
    REQUIRE(r.repository == "localhost:5000/team/pg");
    REQUIRE(r.tag == "latest");
    r = parse_image_ref("localhost:5000/pg:15");
    REQUIRE(r.repository == "localhost:5000/pg");
    REQUIRE(r.tag == "15");
    r = parse_image_ref("pg@sha256:abc");
    REQUIRE(r.digest);
    REQUIRE(r.str() == "pg@sha256:abc");
}

TEST_CASE("label filters encode as the daemon's JSON", "[docker][protocol]") {
    REQUIRE(label_filters_json({{"dev.dpipe.session", std::string("abc")}}) ==
            R"({"label":["dev.dpipe.session=abc"]})");
    REQUIRE(label_filters_json({{"dev.dpipe.session", std::nullopt}, {"a", std::string("b=c")}}) ==
            R"({"label":["a=b=c","dev.dpipe.session"]})");
    REQUIRE(label_filters_json({}) == R"({"label":[]})");
    REQUIRE(url_encode(R"({"label":["a=b"]})") == "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
}

TEST_CASE("errors inside a pull progress stream are detected", "[docker][protocol]") {
    std::string ok = "{\"status\":\"Pulling from library/postgres\",\"id\":\"16\"}\r\n"
                     "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1}}\n"
                     "{\"status\":\"Status: Downloaded newer image for postgres:16\"}\n";
    REQUIRE_FALSE(pull_stream_error(ok));
    std::string bad = ok + "{\"errorDetail\":{\"message\":\"manifest for nope:1 not found\"},"
                           "\"error\":\"manifest for nope:1 not found\"}\n";
    REQUIRE(pull_stream_error(bad) == std::optional<std::string>("manifest for nope:1 not found"));
    REQUIRE(pull_stream_error("{\"error\":\"pull access denied\"}") ==
            std::optional<std::string>("pull access denied"));
    REQUIRE_FALSE(pull_stream_error("not json\n{\"status\":\"x\"}\n{broken"));
    REQUIRE_FALSE(pull_stream_error(""));
}

namespace {
std::string frame(char stream, std::string_view payload) {
    std::string out(8, '\0');
    out[0] = stream;
    auto n = static_cast<std::uint32_t>(payload.size());
    out[4] = static_cast<char>(n >> 24);
    out[5] = static_cast<char>((n >> 16) & 0xff);
    out[6] = static_cast<char>((n >> 8) & 0xff);
    out[7] = static_cast<char>(n & 0xff);
    return out + std::string(payload);
}
} // namespace

TEST_CASE("log streams are demultiplexed", "[docker][protocol]") {
    std::string raw = frame(1, "line one\n") + frame(2, "error two\n") + frame(1, "three\n");
    REQUIRE(demux_logs(raw) == "line one\nerror two\nthree\n");
    // A payload larger than 255 bytes uses the upper length bytes.
    std::string big(300, 'x');
    REQUIRE(demux_logs(frame(1, big) + frame(2, "!")) == big + "!");
    // Truncated frame: keep what is there.
    REQUIRE(demux_logs(frame(1, "abc").substr(0, 10)) == "ab");
    // TTY containers send plain text.
    REQUIRE(demux_logs("plain text\n") == "plain text\n");
    REQUIRE(demux_logs("") == "");
}

TEST_CASE("tail keeps the last lines", "[docker][protocol]") {
    REQUIRE(tail_lines("a\nb\nc\n", 2) == "b\nc\n");
    REQUIRE(tail_lines("a\nb\nc", 2) == "b\nc");
    REQUIRE(tail_lines("a\nb\n", 5) == "a\nb\n");
    REQUIRE(tail_lines("a\nb\n", 0) == "");
}

TEST_CASE("daemon error bodies yield their message", "[docker][protocol]") {
    REQUIRE(error_message(R"({"message":"No such container: x"})") == "No such container: x");
    REQUIRE(error_message("  page not found \n") == "page not found");
}

TEST_CASE("DOCKER_HOST values are parsed like the docker CLI", "[docker][protocol]") {
    Endpoint e = Endpoint::parse("unix:///run/user/1000/docker.sock");
    REQUIRE(e.kind == Endpoint::Kind::Unix);
    REQUIRE(e.socket_path == "/run/user/1000/docker.sock");
    e = Endpoint::parse("tcp://127.0.0.1:2375");
    REQUIRE(e.kind == Endpoint::Kind::Tcp);
    REQUIRE(e.host_port == "127.0.0.1:2375");
    REQUIRE(Endpoint::parse("tcp://docker").host_port == "docker:2375");
    REQUIRE(e.describe() == "tcp://127.0.0.1:2375");
    REQUIRE_THROWS_AS(Endpoint::parse("ssh://me@host"), dpipe::core::Error);
    REQUIRE_THROWS_AS(Endpoint::parse("unix://"), dpipe::core::Error);
}

TEST_CASE("image references and container names are checked", "[docker][protocol]") {
    REQUIRE(valid_image_ref("dpipe-test/postgres:15"));
    REQUIRE(valid_image_ref("localhost:5000/pg@sha256:0123abcd"));
    REQUIRE_FALSE(valid_image_ref(""));
    REQUIRE_FALSE(valid_image_ref("pg:15?x=1"));
    REQUIRE_FALSE(valid_image_ref("../pg"));
    REQUIRE_FALSE(valid_image_ref("pg 15"));
    REQUIRE_FALSE(valid_image_ref(std::string(256, 'a')));
    REQUIRE(container_name("dpipe-abc-01") == "dpipe-abc-01");
    REQUIRE(container_name("a b/c") == "a-b-c");
    REQUIRE(container_name("_x") == "x_x");
    REQUIRE(container_name("") == "x");
}
