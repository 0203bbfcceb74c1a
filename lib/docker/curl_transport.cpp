#include "docker/transport.hpp"

#include "core/error.hpp"
#include "util/strings.hpp"

#include <cstdlib>

namespace dpipe::docker {

namespace {

constexpr const char* k_unreachable_hint = "is dockerd running? set DOCKER_HOST";

core::Error unreachable(const std::string& where, const std::string& why) {
    core::Error e(core::ExitCode::Unavailable,
                  "cannot reach the Docker daemon at " + where + ": " + why);
    e.hints.push_back(k_unreachable_hint);
    return e;
}

} // namespace

std::string Endpoint::describe() const {
    return kind == Kind::Unix ? "unix://" + socket_path : "tcp://" + host_port;
}

Endpoint Endpoint::parse(std::string_view docker_host) {
    Endpoint e;
    std::string_view v = util::trim(docker_host);
    if (v.substr(0, 7) == "unix://") {
        e.kind = Kind::Unix;
        e.socket_path = std::string(v.substr(7));
        if (e.socket_path.empty()) {
            throw core::Error(core::ExitCode::Usage, "DOCKER_HOST=unix:// names no socket path");
        }
        return e;
    }
    if (v.substr(0, 6) == "tcp://") {
        e.kind = Kind::Tcp;
        std::string_view rest = v.substr(6);
        if (!rest.empty() && rest.back() == '/') {
            rest.remove_suffix(1);
        }
        if (rest.empty() || rest.find('/') != std::string_view::npos) {
            throw core::Error(core::ExitCode::Usage,
                              "DOCKER_HOST='" + std::string(v) + "' is not tcp://HOST:PORT");
        }
        e.host_port = std::string(rest);
        if (e.host_port.find(':') == std::string::npos) {
            e.host_port += ":2375";
        }
        return e;
    }
    throw core::Error(core::ExitCode::Usage,
                      "DOCKER_HOST='" + std::string(v) +
                          "' is not supported: use unix:///path/to/docker.sock or tcp://host:port");
}

Endpoint Endpoint::from_env() {
    const char* v = std::getenv("DOCKER_HOST");
    if (v == nullptr || *v == '\0') {
        return Endpoint{};
    }
    return parse(v);
}

CurlTransport::CurlTransport(Endpoint endpoint, std::size_t max_body_bytes)
    : m_endpoint(std::move(endpoint)), m_max_body_bytes(max_body_bytes) {}

net::Response CurlTransport::request(std::string_view method, std::string_view path,
                                     std::string_view body, std::chrono::milliseconds timeout) {
    net::Options options;
    options.timeout = timeout;
    options.max_body_bytes = m_max_body_bytes;
    net::Request req;
    req.method = std::string(method);
    if (m_endpoint.kind == Endpoint::Kind::Unix) {
        options.unix_socket_path = m_endpoint.socket_path;
        req.url = "http://localhost";
    } else {
        req.url = "http://" + m_endpoint.host_port;
    }
    req.url.append(path);
    req.body = std::string(body);
    if (!req.body.empty()) {
        req.headers.emplace_back("Content-Type", "application/json");
    }
    auto response = net::CurlClient(options).send(req);
    if (!response) {
        if (response.error().too_large) {
            throw core::Error(core::ExitCode::Unavailable,
                              "the Docker daemon's answer to " + req.method + " " +
                                  std::string(path) + " exceeds " +
                                  std::to_string(m_max_body_bytes) + " bytes");
        }
        throw unreachable(describe(), response.error().cause);
    }
    return std::move(*response);
}

} // namespace dpipe::docker
