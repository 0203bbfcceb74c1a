#include "net/http.hpp"

#include "util/strings.hpp"

#include <curl/curl.h>

#include <mutex>

namespace dpipe::net {

namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    Response* response;
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

// Failures after which the server may have received (and acted on) the request.
bool maybe_sent(CURLcode rc) {
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_WRITE_ERROR:
        return true;
    default:
        return false;
    }
}

} // namespace

std::string Response::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::string url_origin(std::string_view url) {
    std::size_t sep = url.find("://");
    if (sep == std::string_view::npos) {
        return "";
    }
    std::string scheme = util::to_lower(url.substr(0, sep));
    if (scheme != "http" && scheme != "https") {
        return "";
    }
    std::string_view rest = url.substr(sep + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    std::size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
        rest = rest.substr(at + 1);
    }
    if (rest.empty()) {
        return "";
    }
    std::string host_port = util::to_lower(rest);
    std::size_t bracket = host_port.rfind(']');
    std::size_t colon = host_port.rfind(':');
    bool has_port = colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    if (!has_port) {
        host_port += scheme == "https" ? ":443" : ":80";
    }
    return scheme + "://" + host_port;
}

CurlClient::CurlClient(Options options) : m_options(options) {
    global_init();
}

util::Result<Response, TransportError> CurlClient::send(const Request& request) {
    EasyGuard g{curl_easy_init()};
    if (g.h == nullptr) {
        return util::unexpected(
            TransportError{"cannot initialise libcurl", false, false, "cannot initialise libcurl"});
    }
    Response response;
    Sink sink{&response, m_options.max_body_bytes};
    char error_buffer[CURL_ERROR_SIZE] = {};

    if (!m_options.unix_socket_path.empty()) {
        curl_easy_setopt(g.h, CURLOPT_UNIX_SOCKET_PATH, m_options.unix_socket_path.c_str());
    }
    curl_easy_setopt(g.h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(g.h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(g.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(g.h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(g.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(g.h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_options.connect_timeout.count()));
    curl_easy_setopt(g.h, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.timeout.count()));
    curl_easy_setopt(g.h, CURLOPT_ACCEPT_ENCODING, ""); // whatever libcurl can decode
    curl_easy_setopt(g.h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(g.h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(g.h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(g.h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(g.h, CURLOPT_HEADERDATA, &sink);

    g.headers = curl_slist_append(g.headers, "Expect:");
    for (const auto& [name, value] : request.headers) {
        std::string line = name + ": " + value;
        g.headers = curl_slist_append(g.headers, line.c_str());
    }
    if (!request.body.empty()) {
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    } else if (request.method == "POST" || request.method == "PATCH" || request.method == "PUT") {
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(g.h, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl_easy_setopt(g.h, CURLOPT_HTTPHEADER, g.headers);

    CURLcode rc = curl_easy_perform(g.h);
    if (rc != CURLE_OK) {
        if (sink.too_large) {
            return util::unexpected(
                TransportError{"the answer from " + url_origin(request.url) + " exceeds " +
                                   std::to_string(m_options.max_body_bytes) + " bytes",
                               true, false, "answer too large", true});
        }
        std::string why = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
        return util::unexpected(
            TransportError{"cannot reach " + url_origin(request.url) + ": " + why, maybe_sent(rc),
                           true, curl_easy_strerror(rc)});
    }
    long status = 0;
    curl_easy_getinfo(g.h, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

} // namespace dpipe::net
