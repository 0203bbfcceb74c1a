#include "docker/transport.hpp"

#include "core/error.hpp"
#include "util/strings.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

namespace dpipe::docker {

namespace {

constexpr const char* k_unreachable_hint = "is dockerd running? set DOCKER_HOST";

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    HttpResponse* response;
    std::size_t max_body;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t len = size * n;
    if (sink->response->body.size() + len > sink->max_body) {
        sink->too_large = true;
        return 0; // aborts the transfer
    }
    sink->response->body.append(data, len);
    return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t len = size * n;
    std::string_view line(data, len);
    if (line.substr(0, 5) == "HTTP/") {
        sink->response->headers.clear(); // a new response (after 100 Continue)
        return len;
    }
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        sink->response->headers[util::to_lower(util::trim(line.substr(0, colon)))] =
            std::string(util::trim(line.substr(colon + 1)));
    }
    return len;
}

struct EasyGuard {
    CURL* h;
    curl_slist* headers = nullptr;
    ~EasyGuard() {
        curl_slist_free_all(headers);
        curl_easy_cleanup(h);
    }
};

core::Error unreachable(const std::string& where, const std::string& why) {
    core::Error e(core::ExitCode::Unavailable,
                  "cannot reach the Docker daemon at " + where + ": " + why);
    e.hints.push_back(k_unreachable_hint);
    return e;
}

} // namespace

std::string HttpResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

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
    : m_endpoint(std::move(endpoint)), m_max_body_bytes(max_body_bytes) {
    global_init();
}

HttpResponse CurlTransport::request(std::string_view method, std::string_view path,
                                    std::string_view body, std::chrono::milliseconds timeout) {
    EasyGuard g{curl_easy_init()};
    if (g.h == nullptr) {
        throw unreachable(describe(), "cannot initialise libcurl");
    }
    std::string url;
    if (m_endpoint.kind == Endpoint::Kind::Unix) {
        curl_easy_setopt(g.h, CURLOPT_UNIX_SOCKET_PATH, m_endpoint.socket_path.c_str());
        url = "http://localhost";
    } else {
        url = "http://" + m_endpoint.host_port;
    }
    url.append(path);
    HttpResponse response;
    Sink sink{&response, m_max_body_bytes};
    std::string method_str(method);
    std::string body_str(body);

    curl_easy_setopt(g.h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(g.h, CURLOPT_CUSTOMREQUEST, method_str.c_str());
    curl_easy_setopt(g.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(g.h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(g.h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(g.h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(g.h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(g.h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(g.h, CURLOPT_HEADERDATA, &sink);
    g.headers = curl_slist_append(g.headers, "Expect:");
    if (!body_str.empty()) {
        g.headers = curl_slist_append(g.headers, "Content-Type: application/json");
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDS, body_str.c_str());
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_str.size()));
    } else if (method == "POST") {
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl_easy_setopt(g.h, CURLOPT_HTTPHEADER, g.headers);

    CURLcode rc = curl_easy_perform(g.h);
    if (rc != CURLE_OK) {
        if (sink.too_large) {
            throw core::Error(core::ExitCode::Unavailable,
                              "the Docker daemon's answer to " + method_str + " " +
                                  std::string(path) + " exceeds " +
                                  std::to_string(m_max_body_bytes) + " bytes");
        }
        throw unreachable(describe(), curl_easy_strerror(rc));
    }
    long status = 0;
    curl_easy_getinfo(g.h, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

} // namespace dpipe::docker
