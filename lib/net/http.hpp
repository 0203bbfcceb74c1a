#pragma once
// HTTP behind a small interface: CurlClient is the real one (libcurl, HTTPS or HTTP, optionally
// over a unix socket); unit tests run it against a local server. Callers (the GitHub client, the
// package hub, the Docker client) add authentication, retries and redirects on top, so an
// implementation sends exactly one request per call.

#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dpipe::net {

struct Request {
    std::string method = "GET"; // GET, POST, PATCH, ...
    std::string url;            // absolute http:// or https:// URL with its query string
    std::vector<std::pair<std::string, std::string>> headers; // sent in this order
    std::string body;                                         // sent when non-empty
};

struct Response {
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
    // libcurl's own words for what failed ("Couldn't connect to server"), without the host.
    std::string cause;
    bool too_large = false; // the answer exceeded Options::max_body_bytes
};

class Client {
  public:
    virtual ~Client() = default;
    // Sends one request and returns the response, whatever its status. Never follows redirects:
    // a 3xx comes back as is. Fails (TransportError) only when no complete response arrived.
    virtual util::Result<Response, TransportError> send(const Request& request) = 0;
};

struct Options {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds timeout{30'000};          // the whole exchange
    std::size_t max_body_bytes = std::size_t{32} << 20; // larger responses fail the request
    // When set, the connection goes to this unix socket (the URL's host is then only the Host
    // header), as the Docker daemon listens.
    std::string unix_socket_path;
};

// libcurl over http:// and https:// only (other schemes fail), with the system's CA store and
// certificate verification on. Each call uses its own easy handle, so calls are thread-safe.
// Nothing is printed or logged (curl's verbose mode stays off).
class CurlClient : public Client {
  public:
    explicit CurlClient(Options options = {});
    util::Result<Response, TransportError> send(const Request& request) override;

  private:
    Options m_options;
};

// The scheme, host and port of an absolute URL ("https://api.github.com:443"), lower-cased, with
// the scheme's default port made explicit; "" when `url` is not an http(s) URL. Two URLs with
// the same origin may receive the same credentials.
std::string url_origin(std::string_view url);

} // namespace dpipe::net
