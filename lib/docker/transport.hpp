#pragma once
// HTTP to the Docker daemon behind a small interface: CurlTransport is the real one (unix socket
// or tcp); unit tests substitute a fake. Implementations must allow concurrent calls from
// several threads (the interrupt cleanup talks to the daemon from its own thread).

#include "net/http.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace dpipe::docker {

class Transport {
  public:
    virtual ~Transport() = default;
    // Sends one request; `path` starts with '/' and carries the query string. A non-empty body
    // is sent as application/json. Throws core::Error (ExitCode::Unavailable, with a hint) when
    // the daemon cannot be reached or does not answer within `timeout`. HTTP error statuses are
    // returned, not thrown.
    virtual net::Response request(std::string_view method, std::string_view path,
                                  std::string_view body, std::chrono::milliseconds timeout) = 0;
    // Where the daemon is, for messages ("unix:///var/run/docker.sock").
    virtual std::string describe() const = 0;
};

// Where the daemon listens, found like the docker CLI: DOCKER_HOST (unix://PATH or
// tcp://HOST:PORT), else unix:///var/run/docker.sock.
struct Endpoint {
    enum class Kind { Unix, Tcp };
    Kind kind = Kind::Unix;
    std::string socket_path = "/var/run/docker.sock"; // Kind::Unix
    std::string host_port;                            // Kind::Tcp, "host:port"

    std::string describe() const;

    // Parses a DOCKER_HOST value. Throws core::Error (Usage) for an unsupported scheme or an
    // empty address.
    static Endpoint parse(std::string_view docker_host);
    // From the environment (DOCKER_HOST) or the default socket.
    static Endpoint from_env();
};

// net::CurlClient over the endpoint; calls are thread-safe. Response bodies above
// `max_body_bytes` fail the request.
class CurlTransport : public Transport {
  public:
    explicit CurlTransport(Endpoint endpoint, std::size_t max_body_bytes = 256u << 20);
    net::Response request(std::string_view method, std::string_view path, std::string_view body,
                          std::chrono::milliseconds timeout) override;
    std::string describe() const override { return m_endpoint.describe(); }

  private:
    Endpoint m_endpoint;
    std::size_t m_max_body_bytes;
};

} // namespace dpipe::docker
