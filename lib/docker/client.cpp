#include "docker/client.hpp"

#include <nlohmann/json.hpp>

namespace dpipe::docker {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds k_short_timeout{30'000};
constexpr milliseconds k_pull_timeout{600'000};

std::map<std::string, std::string> string_map(const json& j) {
    std::map<std::string, std::string> out;
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.value().is_string()) {
                out[it.key()] = it.value().get<std::string>();
            }
        }
    }
    return out;
}

core::Error bad_answer(const std::string& operation, const std::string& why) {
    return core::Error(core::ExitCode::Unavailable,
                       operation + ": unexpected answer from the Docker daemon (" + why + ")");
}

// Parses a JSON answer and reads it with `read`; a body that is not JSON, or fields of
// unexpected types, become core::Error rather than escaping as JSON exceptions.
template <typename Read>
auto read_json(const net::Response& r, const std::string& operation, Read&& read) {
    json j = json::parse(r.body, nullptr, false);
    if (j.is_discarded()) {
        throw bad_answer(operation, "not JSON");
    }
    try {
        return read(j);
    } catch (const json::exception& e) {
        throw bad_answer(operation, e.what());
    }
}

void check_image(const std::string& image) {
    if (!valid_image_ref(image)) {
        throw core::Error(core::ExitCode::Usage, "invalid image reference '" + image + "'");
    }
}

} // namespace

ApiError::ApiError(int status, std::string operation, std::string daemon_message)
    : core::Error(core::ExitCode::Unavailable, operation + ": " + daemon_message), m_status(status),
      m_daemon_message(std::move(daemon_message)) {}

std::string container_create_body(const ContainerSpec& spec) {
    json body = json::object();
    body["Image"] = spec.image;
    body["Env"] = spec.env;
    if (!spec.cmd.empty()) {
        body["Cmd"] = spec.cmd;
    }
    body["Labels"] = spec.labels;
    json exposed = json::object();
    json bindings = json::object();
    for (int port : spec.tcp_ports) {
        std::string key = std::to_string(port) + "/tcp";
        exposed[key] = json::object();
        // An empty HostPort asks the daemon for a free port.
        bindings[key] = json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}});
    }
    body["ExposedPorts"] = exposed;
    body["HostConfig"] = {{"PortBindings", bindings}, {"AutoRemove", false}};
    return body.dump();
}

Client::Client(std::shared_ptr<Transport> transport) : m_transport(std::move(transport)) {}

std::shared_ptr<Client> Client::from_env() {
    return std::make_shared<Client>(std::make_shared<CurlTransport>(Endpoint::from_env()));
}

void Client::fail(const net::Response& r, const std::string& operation) const {
    std::string msg = error_message(r.body);
    if (msg.empty()) {
        msg = "HTTP " + std::to_string(r.status);
    }
    throw ApiError(r.status, operation, msg);
}

ApiVersion Client::ping() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_version) {
        return *m_version;
    }
    net::Response r = m_transport->request("GET", "/_ping", "", k_short_timeout);
    if (r.status != 200) {
        fail(r, "ping the Docker daemon at " + m_transport->describe());
    }
    std::string header = r.header("api-version");
    std::optional<ApiVersion> server = ApiVersion::parse(header);
    if (!server) {
        throw core::Error(core::ExitCode::Unavailable,
                          "the Docker daemon at " + m_transport->describe() +
                              " sent no usable API-Version header ('" + header + "')");
    }
    if (*server < k_min_api_version) {
        throw core::Error(core::ExitCode::Unavailable,
                          "the Docker daemon at " + m_transport->describe() + " speaks API " +
                              server->str() + "; dpipe needs " + k_min_api_version.str() +
                              " or newer");
    }
    m_version = std::min(*server, k_max_api_version);
    return *m_version;
}

ApiVersion Client::api_version() {
    return ping();
}

net::Response Client::call(std::string_view method, const std::string& path, std::string_view body,
                           milliseconds timeout) {
    ApiVersion v = ping();
    return m_transport->request(method, versioned_path(v, path), body, timeout);
}

std::optional<std::string> Client::inspect_image(const std::string& image) {
    check_image(image);
    net::Response r = call("GET", "/images/" + image + "/json", "", k_short_timeout);
    if (r.status == 404) {
        return std::nullopt;
    }
    if (r.status != 200) {
        fail(r, "inspect image '" + image + "'");
    }
    return std::optional<std::string>(
        read_json(r, "inspect image '" + image + "'",
                  [](const json& j) { return j.value("Id", std::string()); }));
}

void Client::pull_image(const std::string& image) {
    check_image(image);
    ImageRef ref = parse_image_ref(image);
    std::string path =
        "/images/create?fromImage=" + url_encode(ref.repository) + "&tag=" + url_encode(ref.tag);
    net::Response r = call("POST", path, "", k_pull_timeout);
    std::string what = "pull image '" + ref.str() + "'";
    if (r.status != 200) {
        fail(r, what);
    }
    // The daemon answers 200 and reports failures inside the progress stream.
    if (std::optional<std::string> err = pull_stream_error(r.body)) {
        throw ApiError(r.status, what, *err);
    }
}

void Client::remove_image(const std::string& image) {
    check_image(image);
    net::Response r = call("DELETE", "/images/" + image + "?force=1", "", k_short_timeout);
    if (r.status != 200 && r.status != 404) {
        fail(r, "remove image '" + image + "'");
    }
}

std::string Client::create_container(const ContainerSpec& spec) {
    check_image(spec.image);
    std::string path = "/containers/create";
    if (!spec.name.empty()) {
        path += "?name=" + url_encode(container_name(spec.name));
    }
    net::Response r = call("POST", path, container_create_body(spec), k_short_timeout);
    if (r.status == 404) {
        throw ApiError(r.status, "create a container", "no such image '" + spec.image + "'");
    }
    if (r.status != 201) {
        fail(r, "create a container from '" + spec.image + "'");
    }
    std::string id = read_json(r, "create a container",
                               [](const json& j) { return j.value("Id", std::string()); });
    if (id.empty()) {
        throw core::Error(core::ExitCode::Unavailable,
                          "create a container: the Docker daemon returned no container id");
    }
    return id;
}

void Client::start_container(const std::string& id) {
    net::Response r = call("POST", "/containers/" + id + "/start", "", k_short_timeout);
    if (r.status != 204 && r.status != 304) {
        fail(r, "start container " + id.substr(0, 12));
    }
}

ContainerInfo Client::inspect_container(const std::string& id) {
    net::Response r = call("GET", "/containers/" + id + "/json", "", k_short_timeout);
    if (r.status != 200) {
        fail(r, "inspect container " + id.substr(0, 12));
    }
    return read_json(r, "inspect container " + id.substr(0, 12), [&](const json& j) {
        ContainerInfo info;
        info.id = j.value("Id", id);
        const json& state = j.contains("State") ? j["State"] : json::object();
        info.status = state.value("Status", std::string());
        info.running = state.value("Running", false);
        info.exit_code = state.value("ExitCode", 0);
        info.error = state.value("Error", std::string());
        if (j.contains("Config") && j["Config"].is_object() && j["Config"].contains("Labels")) {
            info.labels = string_map(j["Config"]["Labels"]);
        }
        if (j.contains("NetworkSettings") && j["NetworkSettings"].is_object()) {
            const json& ports = j["NetworkSettings"].value("Ports", json::object());
            for (auto it = ports.begin(); ports.is_object() && it != ports.end(); ++it) {
                if (!it.value().is_array()) {
                    continue;
                }
                for (const json& b : it.value()) {
                    std::string hp = b.is_object() ? b.value("HostPort", std::string()) : "";
                    if (!hp.empty()) {
                        info.host_ports[it.key()] = std::atoi(hp.c_str());
                        break;
                    }
                }
            }
        }
        return info;
    });
}

std::string Client::logs(const std::string& id, std::size_t tail) {
    std::string path = "/containers/" + id + "/logs?stdout=1&stderr=1&tail=" + std::to_string(tail);
    net::Response r = call("GET", path, "", k_short_timeout);
    if (r.status != 200) {
        fail(r, "read the logs of container " + id.substr(0, 12));
    }
    return tail_lines(demux_logs(r.body), tail);
}

void Client::stop_container(const std::string& id, int grace_seconds) {
    std::string path = "/containers/" + id + "/stop?t=" + std::to_string(grace_seconds);
    net::Response r = call("POST", path, "", k_short_timeout + std::chrono::seconds(grace_seconds));
    if (r.status != 204 && r.status != 304) {
        fail(r, "stop container " + id.substr(0, 12));
    }
}

void Client::remove_container(const std::string& id) {
    net::Response r = call("DELETE", "/containers/" + id + "?force=1&v=1", "", k_short_timeout);
    if (r.status == 204 || r.status == 404) {
        return;
    }
    // Another remover (a concurrent sweep, AutoRemove) is already on it.
    if (r.status == 409 && error_message(r.body).find("already in progress") != std::string::npos) {
        return;
    }
    fail(r, "remove container " + id.substr(0, 12));
}

std::vector<ContainerSummary>
Client::list_containers(const std::map<std::string, std::optional<std::string>>& labels) {
    std::string path = "/containers/json?all=1&filters=" + url_encode(label_filters_json(labels));
    net::Response r = call("GET", path, "", k_short_timeout);
    if (r.status != 200) {
        fail(r, "list containers");
    }
    return read_json(r, "list containers", [](const json& j) {
        std::vector<ContainerSummary> out;
        if (!j.is_array()) {
            return out;
        }
        for (const json& c : j) {
            if (!c.is_object()) {
                continue;
            }
            ContainerSummary s;
            s.id = c.value("Id", std::string());
            s.state = c.value("State", std::string());
            if (c.contains("Labels")) {
                s.labels = string_map(c["Labels"]);
            }
            out.push_back(std::move(s));
        }
        return out;
    });
}

} // namespace dpipe::docker
