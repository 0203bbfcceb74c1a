#pragma once
// A Docker Engine API client: the calls dpipe needs to run throw-away database containers.
// The API version is negotiated on first use from GET /_ping (min of the daemon's version and
// k_max_api_version) and every path is prefixed with it.
//
// Errors: an unreachable daemon throws core::Error with ExitCode::Unavailable and the hint
// "is dockerd running? set DOCKER_HOST"; an HTTP error throws ApiError carrying the daemon's
// message. Safe to use from several threads once ping() has run (the transport must allow it).

#include "core/error.hpp"
#include "docker/protocol.hpp"
#include "docker/transport.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::docker {

// The daemon answered with an error status. what() is "<operation>: <daemon message>".
class ApiError : public core::Error {
  public:
    ApiError(int status, std::string operation, std::string daemon_message);
    int status() const { return m_status; }
    const std::string& daemon_message() const { return m_daemon_message; }

  private:
    int m_status;
    std::string m_daemon_message;
};

struct ContainerSpec {
    std::string image;                         // "repo:tag"
    std::string name;                          // optional container name
    std::vector<std::string> env;              // "KEY=value"
    std::vector<std::string> cmd;              // optional command (arguments to the entrypoint)
    std::map<std::string, std::string> labels; // e.g. dev.dpipe.session
    std::vector<int> tcp_ports;                // published to 127.0.0.1 on random host ports
};

struct ContainerInfo {
    std::string id;
    std::string status; // created | running | paused | restarting | removing | exited | dead
    bool running = false;
    int exit_code = 0;
    std::string error; // State.Error, e.g. a failed entrypoint
    std::map<std::string, std::string> labels;
    // Published host ports by container port spec ("5432/tcp" -> 49153); empty until bound.
    std::map<std::string, int> host_ports;
};

struct ContainerSummary {
    std::string id;
    std::string state;
    std::map<std::string, std::string> labels;
};

// The JSON body of POST /containers/create for a spec (AutoRemove off, ports on 127.0.0.1).
std::string container_create_body(const ContainerSpec& spec);

class Client {
  public:
    explicit Client(std::shared_ptr<Transport> transport);
    // A client for Endpoint::from_env() over CurlTransport.
    static std::shared_ptr<Client> from_env();

    // GET /_ping and version negotiation. Called implicitly by every other call.
    ApiVersion ping();
    ApiVersion api_version();
    std::string describe() const { return m_transport->describe(); }

    // The image's id, or nullopt when the daemon does not have it.
    std::optional<std::string> inspect_image(const std::string& image);
    // Pulls `image` with an explicit tag; fails with a message naming the image when the pull
    // stream reports an error.
    void pull_image(const std::string& image);
    // Removes the image (force); one the daemon does not have counts as removed.
    void remove_image(const std::string& image);

    // Returns the new container's id.
    std::string create_container(const ContainerSpec& spec);
    void start_container(const std::string& id);
    ContainerInfo inspect_container(const std::string& id);
    // The last `tail` lines of stdout and stderr together.
    std::string logs(const std::string& id, std::size_t tail);
    // Stops with a grace period (seconds) before SIGKILL; stopping a stopped container is fine.
    void stop_container(const std::string& id, int grace_seconds);
    // Force-removes with volumes; a container that does not exist counts as removed.
    void remove_container(const std::string& id);
    // All containers (running or not) carrying every given label (see label_filters_json).
    std::vector<ContainerSummary>
    list_containers(const std::map<std::string, std::optional<std::string>>& labels);

  private:
    net::Response call(std::string_view method, const std::string& path, std::string_view body,
                       std::chrono::milliseconds timeout);
    [[noreturn]] void fail(const net::Response& r, const std::string& operation) const;

    std::shared_ptr<Transport> m_transport;
    std::mutex m_mutex;
    std::optional<ApiVersion> m_version;
};

} // namespace dpipe::docker
