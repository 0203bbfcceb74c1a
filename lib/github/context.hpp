#pragma once
// Which repository and pull request to comment on, and where the API is, from the values GitHub
// Actions puts in the environment. The resolving functions are pure (values in, result out);
// read_actions_env() is the one place that reads the process environment and the event file.

#include "util/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace dpipe::github {

inline constexpr std::string_view k_default_api_url = "https://api.github.com";

struct RepoRef {
    std::string owner;
    std::string name;

    std::string full_name() const { return owner + "/" + name; }
};

struct PullRequestRef {
    RepoRef repo;
    long long number = 0;
};

// The raw values, as found (empty when unset).
struct ActionsEnv {
    std::string repository;                // GITHUB_REPOSITORY, "owner/name"
    std::string event_path;                // GITHUB_EVENT_PATH
    std::string event_name;                // GITHUB_EVENT_NAME, for messages
    std::string api_url;                   // GITHUB_API_URL
    std::optional<std::string> event_json; // the content of the event file, when it was read
    std::string event_read_error;          // why the event file could not be read, if it could not
};

// "owner/name" -> RepoRef. Owner and name must be non-empty and made of ASCII letters, digits,
// '-', '_' and '.', and not "." or ".." (so they are safe in a URL path). Errors are messages
// naming GITHUB_REPOSITORY.
util::Result<RepoRef, std::string> parse_repository(std::string_view full_name);

// The pull request number in a GitHub event payload: pull_request.number, else issue.number
// (issue_comment events on a pull request), else a top-level "number". Errors: invalid JSON, or
// no such number (e.g. a push event).
util::Result<long long, std::string> pull_request_number_from_event(std::string_view event_json);

// The repository from env.repository and the number from `explicit_number` when given, else
// from env.event_json. Errors name the variable to set or the option to pass.
util::Result<PullRequestRef, std::string>
resolve_pull_request(const ActionsEnv& env, std::optional<long long> explicit_number);

// The API base URL: `api_url` (GITHUB_API_URL, e.g. https://ghe.example.com/api/v3 on GitHub
// Enterprise Server) without trailing '/', or k_default_api_url when empty. Errors: not an
// http:// or https:// URL, or one carrying a query or fragment.
util::Result<std::string, std::string> normalize_api_url(std::string_view api_url);

// Reads GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_EVENT_NAME, GITHUB_API_URL and the event
// file (at most 16 MiB). Never reads GITHUB_TOKEN: the caller passes the token to the client.
ActionsEnv read_actions_env();

} // namespace dpipe::github
