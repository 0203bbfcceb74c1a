#pragma once
// HTTP behind a small interface: CurlHttpClient is the real one (libcurl, HTTPS or HTTP); unit
// tests run it against a local server. The GitHub client adds authentication, retries and
// redirects on top, so an implementation sends exactly one request per call.

#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dpipe::github {

struct HttpRequest {
    std::string method = "GET"; // GET, POST, PATCH, ...
    std::string url;            // absolute http:// or https:// URL with its query string
    std::vector<std::pair<std::string, std::string>> headers; // sent in this order
    std::string body;                                         // sent when non-empty
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers; // names lower-cased; the last value of a repeat
    std::string body;

    // The header's value or "" (name given in lower case).
    std::string header(const std::string& lower_name) const;
};

// Why no response arrived (cannot connect, timeout, TLS failure, oversized answer). The message
// names the host, never a header value.
struct TransportError {
    std::string message;
    // True when the request may have reached the server (a timeout or a connection dropped
    // after sending), so a non-idempotent request may have taken effect.
    bool maybe_sent = false;
    // False when trying again cannot help (an answer above the size limit).
    bool retryable = true;
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    // Sends one request and returns the response, whatever its status. Never follows redirects:
    // a 3xx comes back as is. Fails (TransportError) only when no complete response arrived.
    virtual util::Result<HttpResponse, TransportError> send(const HttpRequest& request) = 0;
};

struct HttpOptions {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds timeout{30'000};          // the whole exchange
    std::size_t max_body_bytes = std::size_t{32} << 20; // larger responses fail the request
};

// libcurl over http:// and https:// only (other schemes fail), with the system's CA store and
// certificate verification on. Each call uses its own easy handle, so calls are thread-safe.
// Nothing is printed or logged (curl's verbose mode stays off).
class CurlHttpClient : public HttpClient {
  public:
    explicit CurlHttpClient(HttpOptions options = {});
    util::Result<HttpResponse, TransportError> send(const HttpRequest& request) override;

  private:
    HttpOptions m_options;
};

// The scheme, host and port of an absolute URL ("https://api.github.com:443"), lower-cased, with
// the scheme's default port made explicit; "" when `url` is not an http(s) URL. Two URLs with
// the same origin may receive the same credentials.
std::string url_origin(std::string_view url);

} // namespace dpipe::github
