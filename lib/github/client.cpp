#include "github/client.hpp"

#include "util/redact.hpp"
#include "util/strings.hpp"

namespace dpipe::github {

namespace {

constexpr const char* k_api_version = "2022-11-28";

std::string status_text(int status) {
    switch (status) {
    case 400:
        return "400 Bad Request";
    case 401:
        return "401 Unauthorized";
    case 403:
        return "403 Forbidden";
    case 404:
        return "404 Not Found";
    case 410:
        return "410 Gone";
    case 422:
        return "422 Unprocessable Entity";
    case 429:
        return "429 Too Many Requests";
    case 500:
        return "500 Internal Server Error";
    case 502:
        return "502 Bad Gateway";
    case 503:
        return "503 Service Unavailable";
    case 504:
        return "504 Gateway Timeout";
    default:
        return std::to_string(status);
    }
}

std::string hint_for(int status) {
    switch (status) {
    case 401:
        return "GITHUB_TOKEN is invalid or expired";
    case 403:
        return "the token may not comment here: give the workflow `permissions: pull-requests: "
               "write` (and `issues: write`)";
    case 404:
        return "check GITHUB_REPOSITORY and the pull request number; a token that cannot see "
               "the repository also gets 404";
    default:
        return "";
    }
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string seconds(Millis wait) {
    auto s = (wait.count() + 999) / 1000;
    return std::to_string(s) + " s";
}

std::string issue_path(const RepoRef& repo) {
    return "/repos/" + repo.owner + "/" + repo.name + "/issues";
}

} // namespace

core::Error to_core_error(const GitHubError& error) {
    bool usage =
        error.kind == GitHubError::Kind::Config || error.kind == GitHubError::Kind::Rejected;
    core::Error e(usage ? core::ExitCode::Usage : core::ExitCode::Unavailable, error.message);
    if (!error.hint.empty()) {
        e.hints.push_back(error.hint);
    }
    return e;
}

GitHubClient::GitHubClient(net::Client& http, std::string token, GitHubOptions options,
                           Clock& clock)
    : m_http(http), m_token(std::move(token)), m_options(std::move(options)), m_clock(clock),
      m_login(m_options.login) {
    m_token = std::string(util::trim(m_token));
    util::register_secret(m_token);
    auto url = normalize_api_url(m_options.api_url);
    if (url) {
        m_api_url = *url;
        m_origin = net::url_origin(m_api_url);
    } else {
        m_config_error = url.error();
    }
    if (m_config_error.empty() && util::trim(m_token).empty()) {
        m_config_error = "GITHUB_TOKEN is not set";
    }
    for (char c : m_token) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            m_config_error = "GITHUB_TOKEN holds control characters";
            break;
        }
    }
}

std::string GitHubClient::scrub(std::string_view text) const {
    std::string out(text);
    if (m_token.size() >= util::k_min_secret_length) {
        out = util::replace_all(out, m_token, util::k_redacted);
    }
    return util::redact(out);
}

GitHubError GitHubClient::failure(GitHubError::Kind kind, int status, const std::string& operation,
                                  const std::string& what, const std::string& body) const {
    GitHubError e;
    e.kind = kind;
    e.status = status;
    e.github_message = scrub(error_message(body));
    e.message = scrub("GitHub: cannot " + operation + ": " + what);
    if (!e.github_message.empty()) {
        e.message += ": " + e.github_message;
    }
    e.hint = hint_for(status);
    return e;
}

net::Request GitHubClient::build(const std::string& method, const std::string& url,
                                 const std::string& body) const {
    net::Request r;
    r.method = method;
    r.url = url;
    r.body = body;
    // The token goes to the API's own origin only, never to a host a redirect names.
    if (net::url_origin(url) == m_origin) {
        r.headers.emplace_back("Authorization", "Bearer " + m_token);
    }
    r.headers.emplace_back("Accept", "application/vnd.github+json");
    r.headers.emplace_back("X-GitHub-Api-Version", k_api_version);
    r.headers.emplace_back("User-Agent", "dpipe");
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
    }
    return r;
}

util::Result<net::Response, GitHubError> GitHubClient::call(std::string method, std::string url,
                                                            std::string body, bool idempotent,
                                                            const std::string& operation) {
    using Kind = GitHubError::Kind;
    if (!m_config_error.empty()) {
        return util::unexpected(failure(Kind::Config, 0, operation, m_config_error));
    }
    const RetryPolicy& policy = m_options.retry;
    int attempt = 1;
    int redirects = 0;
    while (true) {
        auto sent = m_http.send(build(method, url, body));
        if (!sent) {
            const net::TransportError& t = sent.error();
            if (!t.retryable) {
                return util::unexpected(failure(Kind::Transport, 0, operation, t.message));
            }
            if (!idempotent && t.maybe_sent) {
                GitHubError e = failure(Kind::Transport, 0, operation, t.message);
                e.maybe_applied = true;
                return util::unexpected(std::move(e));
            }
            Millis wait = backoff_for(attempt, policy);
            if (attempt >= policy.max_attempts || !can_wait(wait)) {
                return util::unexpected(
                    failure(Kind::Transport, 0, operation,
                            t.message + " (after " + std::to_string(attempt) + " attempts)"));
            }
            m_clock.sleep_for(wait);
            m_waited += wait;
            ++attempt;
            continue;
        }
        net::Response response = std::move(*sent);
        int status = response.status;
        if (status >= 200 && status <= 299) {
            return response;
        }
        if (is_redirect(status)) {
            std::string location = response.header("location");
            if (!location.empty() && location.front() == '/') {
                location = net::url_origin(url) + location;
            }
            if (net::url_origin(location).empty() || ++redirects > m_options.max_redirects) {
                return util::unexpected(
                    failure(Kind::Protocol, status, operation, "too many or unusable redirects"));
            }
            url = location;
            if (status == 303) {
                method = "GET";
                body.clear();
            }
            continue;
        }
        RetryAdvice advice = advise_retry(response, attempt, m_clock.now(), policy);
        if (advice.reason == RetryReason::None) {
            Kind kind = status >= 500 ? Kind::Server : Kind::Rejected;
            return util::unexpected(
                failure(kind, status, operation, "HTTP " + status_text(status), response.body));
        }
        Kind kind = advice.reason == RetryReason::ServerError ? Kind::Server : Kind::RateLimited;
        if (!idempotent && advice.reason == RetryReason::ServerError) {
            GitHubError e =
                failure(kind, status, operation, "HTTP " + status_text(status), response.body);
            e.maybe_applied = true;
            return util::unexpected(std::move(e));
        }
        if (attempt >= policy.max_attempts) {
            return util::unexpected(failure(kind, status, operation,
                                            advice.explanation + ", still after " +
                                                std::to_string(attempt) + " attempts",
                                            response.body));
        }
        if (!can_wait(advice.wait)) {
            GitHubError e =
                failure(kind, status, operation,
                        advice.explanation + ": GitHub asks to wait " + seconds(advice.wait) +
                            ", beyond the " + seconds(policy.max_total_wait) + " wait budget",
                        response.body);
            if (kind == Kind::RateLimited) {
                e.hint = "try again later; the rate limit applies to the token";
            }
            return util::unexpected(std::move(e));
        }
        m_clock.sleep_for(advice.wait);
        m_waited += advice.wait;
        ++attempt;
    }
}

util::Result<std::string, GitHubError> GitHubClient::identity() {
    if (!m_login.empty()) {
        return m_login;
    }
    const std::string operation = "find who GITHUB_TOKEN belongs to";
    auto r = call("GET", m_api_url + "/user", "", true, operation);
    if (!r) {
        int status = r.error().status;
        if (r.error().kind == GitHubError::Kind::Rejected && (status == 403 || status == 404)) {
            m_login = std::string(k_actions_bot_login);
            return m_login;
        }
        return util::unexpected(r.error());
    }
    auto login = parse_login(r->body);
    if (!login) {
        return util::unexpected(
            failure(GitHubError::Kind::Protocol, r->status, operation, login.error()));
    }
    m_login = *login;
    return m_login;
}

util::Result<std::vector<IssueComment>, GitHubError>
GitHubClient::list_issue_comments(const RepoRef& repo, long long number) {
    const std::string operation =
        "list the comments of " + repo.full_name() + "#" + std::to_string(number);
    std::vector<IssueComment> all;
    std::string url =
        m_api_url + issue_path(repo) + "/" + std::to_string(number) + "/comments?per_page=100";
    for (int page = 1; !url.empty(); ++page) {
        if (page > m_options.max_pages) {
            return util::unexpected(
                failure(GitHubError::Kind::Protocol, 0, operation,
                        "more than " + std::to_string(m_options.max_pages) + " pages of comments"));
        }
        auto r = call("GET", url, "", true, operation);
        if (!r) {
            return util::unexpected(r.error());
        }
        auto comments = parse_comments(r->body);
        if (!comments) {
            return util::unexpected(
                failure(GitHubError::Kind::Protocol, r->status, operation, comments.error()));
        }
        all.insert(all.end(), std::make_move_iterator(comments->begin()),
                   std::make_move_iterator(comments->end()));
        url = next_link(r->header("link"));
        if (!url.empty() && net::url_origin(url) != m_origin) {
            return util::unexpected(failure(GitHubError::Kind::Protocol, r->status, operation,
                                            "the next page is on another host"));
        }
    }
    return all;
}

util::Result<IssueComment, GitHubError>
GitHubClient::send_comment(std::string method, std::string url, std::string_view body,
                           bool idempotent, const std::string& operation) {
    auto r = call(std::move(method), std::move(url), comment_payload(body), idempotent, operation);
    if (!r) {
        return util::unexpected(r.error());
    }
    auto c = parse_comment(r->body);
    if (!c) {
        return util::unexpected(
            failure(GitHubError::Kind::Protocol, r->status, operation, c.error()));
    }
    return std::move(*c);
}

util::Result<IssueComment, GitHubError>
GitHubClient::create_issue_comment(const RepoRef& repo, long long number, std::string_view body) {
    return send_comment("POST",
                        m_api_url + issue_path(repo) + "/" + std::to_string(number) + "/comments",
                        body, false, "comment on " + repo.full_name() + "#" + std::to_string(number));
}

util::Result<IssueComment, GitHubError>
GitHubClient::edit_issue_comment(const RepoRef& repo, long long comment_id, std::string_view body) {
    return send_comment("PATCH",
                        m_api_url + issue_path(repo) + "/comments/" + std::to_string(comment_id),
                        body, true,
                        "edit comment " + std::to_string(comment_id) + " in " + repo.full_name());
}

} // namespace dpipe::github
