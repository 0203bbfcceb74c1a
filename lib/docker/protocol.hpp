#pragma once
// Pure helpers for the Docker Engine API wire formats, independent of any transport.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dpipe::docker {

// An API version "major.minor" ("1.43").
struct ApiVersion {
    int major = 1;
    int minor = 0;

    std::string str() const { return std::to_string(major) + "." + std::to_string(minor); }
    auto operator<=>(const ApiVersion&) const = default;

    // Parses "1.43"; nullopt for anything else.
    static std::optional<ApiVersion> parse(std::string_view s);
};

// The newest version this client speaks, and the oldest daemon it accepts.
inline constexpr ApiVersion k_max_api_version{1, 43};
inline constexpr ApiVersion k_min_api_version{1, 25};

// "/v1.43" + path (path starts with '/').
std::string versioned_path(const ApiVersion& v, std::string_view path);

// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view s);

// True for a plausible image reference: 1-255 characters from [A-Za-z0-9._:/@-], starting
// with a letter or digit. Guards the URL paths an image name is put into.
bool valid_image_ref(std::string_view ref);

// A container name the daemon accepts ([a-zA-Z0-9][a-zA-Z0-9_.-]*): other characters become
// '-', and an empty or badly starting name gets an "x" prefix.
std::string container_name(std::string_view wanted);

// An image reference split into repository and tag: "postgres:16-alpine" -> {postgres,
// 16-alpine}; "localhost:5000/pg" -> {localhost:5000/pg, latest}; a digest reference
// ("name@sha256:...") keeps the digest as the tag part with `digest` set.
struct ImageRef {
    std::string repository;
    std::string tag;
    bool digest = false;

    std::string str() const { return repository + (digest ? "@" : ":") + tag; }
};
ImageRef parse_image_ref(std::string_view ref);

// The JSON of a `filters` query parameter selecting containers by labels: a label with a value
// matches "key=value", one without a value matches the key's presence.
// {"label":["dev.dpipe.session=abc","dev.dpipe.pid"]}
std::string label_filters_json(const std::map<std::string, std::optional<std::string>>& labels);

// Scans the newline-delimited JSON progress stream of POST /images/create; returns the first
// `error` / `errorDetail.message` found, or nullopt when the pull succeeded. Lines that are not
// JSON are ignored.
std::optional<std::string> pull_stream_error(std::string_view stream);

// Demultiplexes a container log stream (8-byte headers: stream type, 3 zero bytes, big-endian
// length). Output of both stdout and stderr is concatenated in order. A stream that does not
// start with such a header (a TTY container) is returned as is; a truncated frame keeps what
// is there.
std::string demux_logs(std::string_view raw);

// The last `n` lines of `text` (a trailing newline does not count as an empty line).
std::string tail_lines(std::string_view text, std::size_t n);

// The daemon's error message from an error response body ({"message": "..."}), or the body
// itself (trimmed, at most 500 bytes) when it is not such JSON.
std::string error_message(std::string_view body);

} // namespace dpipe::docker
