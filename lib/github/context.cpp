#include "github/context.hpp"

#include "net/http.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace dpipe::github {

namespace {

constexpr std::size_t k_max_event_bytes = std::size_t{16} << 20;

bool valid_name_part(std::string_view s) {
    if (s.empty() || s == "." || s == "..") {
        return false;
    }
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::optional<long long> positive_number(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) {
        return std::nullopt;
    }
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    long long n = it->get<long long>();
    return n > 0 ? std::optional<long long>(n) : std::nullopt;
}

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v == nullptr ? std::string() : std::string(v);
}

} // namespace

util::Result<RepoRef, std::string> parse_repository(std::string_view full_name) {
    std::string_view v = util::trim(full_name);
    if (v.empty()) {
        return util::unexpected(
            std::string("GITHUB_REPOSITORY is not set: it names the repository as owner/name"));
    }
    std::size_t slash = v.find('/');
    RepoRef ref;
    if (slash != std::string_view::npos) {
        ref.owner = std::string(v.substr(0, slash));
        ref.name = std::string(v.substr(slash + 1));
    }
    if (!valid_name_part(ref.owner) || !valid_name_part(ref.name)) {
        return util::unexpected("GITHUB_REPOSITORY='" + std::string(v) +
                                "' is not owner/name (letters, digits, '-', '_' and '.')");
    }
    return ref;
}

util::Result<long long, std::string> pull_request_number_from_event(std::string_view event_json) {
    nlohmann::json event = nlohmann::json::parse(event_json, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
        return util::unexpected(std::string("the event file is not a JSON object"));
    }
    for (const char* key : {"pull_request", "issue"}) {
        auto it = event.find(key);
        if (it != event.end()) {
            if (auto n = positive_number(*it, "number")) {
                return *n;
            }
        }
    }
    if (auto n = positive_number(event, "number")) {
        return *n;
    }
    return util::unexpected(
        std::string("the event names no pull request (no pull_request.number or issue.number)"));
}

util::Result<PullRequestRef, std::string>
resolve_pull_request(const ActionsEnv& env, std::optional<long long> explicit_number) {
    auto repo = parse_repository(env.repository);
    if (!repo) {
        return util::unexpected(repo.error());
    }
    PullRequestRef pr{std::move(*repo), 0};
    if (explicit_number) {
        if (*explicit_number <= 0) {
            return util::unexpected("pull request number " + std::to_string(*explicit_number) +
                                    " is not a positive number");
        }
        pr.number = *explicit_number;
        return pr;
    }
    std::string event = env.event_name.empty() ? "" : " (" + env.event_name + ")";
    if (!env.event_json) {
        if (env.event_path.empty()) {
            return util::unexpected(std::string(
                "no pull request: GITHUB_EVENT_PATH is not set; pass the pull request number"));
        }
        return util::unexpected("cannot read GITHUB_EVENT_PATH=" + env.event_path + ": " +
                                env.event_read_error);
    }
    auto number = pull_request_number_from_event(*env.event_json);
    if (!number) {
        return util::unexpected("GITHUB_EVENT_PATH=" + env.event_path + event + ": " +
                                number.error() + "; pass the pull request number");
    }
    pr.number = *number;
    return pr;
}

util::Result<std::string, std::string> normalize_api_url(std::string_view api_url) {
    std::string url(util::trim(api_url));
    if (url.empty()) {
        return std::string(k_default_api_url);
    }
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    if (net::url_origin(url).empty() || url.find_first_of("?#") != std::string::npos) {
        return util::unexpected("GITHUB_API_URL='" + url +
                                "' is not an http:// or https:// URL without query");
    }
    return url;
}

ActionsEnv read_actions_env() {
    ActionsEnv env;
    env.repository = env_or_empty("GITHUB_REPOSITORY");
    env.event_path = env_or_empty("GITHUB_EVENT_PATH");
    env.event_name = env_or_empty("GITHUB_EVENT_NAME");
    env.api_url = env_or_empty("GITHUB_API_URL");
    if (env.event_path.empty()) {
        return env;
    }
    auto content = util::read_file(env.event_path, k_max_event_bytes);
    if (!content) {
        env.event_read_error = content.error().message;
        return env;
    }
    env.event_json = std::move(*content);
    return env;
}

} // namespace dpipe::github
