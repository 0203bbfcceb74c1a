#pragma once
// A GitHub REST API client for the calls dpipe makes: who the token is, and reading, creating
// and editing the comments of a pull request. Works with github.com and GitHub Enterprise
// Server (the base URL from GITHUB_API_URL, e.g. https://ghe.example.com/api/v3).
//
// Every request carries `Authorization: Bearer <token>`, `Accept: application/vnd.github+json`,
// `X-GitHub-Api-Version: 2022-11-28` and `User-Agent: dpipe`. Redirects are followed (at most
// `max_redirects`), but the token goes only to the origin of the base URL.
//
// Rate limits and transient failures are retried as retry.hpp describes, within the policy's
// total wait budget (over the client's life). Requests that are not idempotent (creating a
// comment) are not repeated after a 5xx or a network failure that may have reached GitHub: the
// error says `maybe_applied` and the caller decides (upsert_sticky_comment looks again first).
//
// The token: registered with util::register_secret on construction, sent only in the
// Authorization header, and removed from every error text (which also goes through
// util::redact), including GitHub's own messages echoed in errors. Nothing is printed.
// Not thread-safe: one client per thread.

#include "core/error.hpp"
#include "github/context.hpp"
#include "github/protocol.hpp"
#include "github/retry.hpp"
#include "net/http.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dpipe::github {

// The login that GITHUB_TOKEN of a GitHub Actions run comments as; GET /user is refused to it.
inline constexpr std::string_view k_actions_bot_login = "github-actions[bot]";

struct GitHubError {
    enum class Kind {
        Config,      // no token or a bad base URL; nothing was sent
        Transport,   // no answer (cannot connect, timeout, TLS)
        RateLimited, // still limited when the attempts or the wait budget ran out
        Server,      // 5xx still failing
        Rejected,    // a final 4xx (bad credentials, no permission, not found, invalid)
        Protocol,    // an answer dpipe cannot use (not JSON, too many pages, foreign next link)
    };
    Kind kind = Kind::Protocol;
    int status = 0;             // the last HTTP status, 0 when there was none
    std::string message;        // one complete sentence for the user; never holds the token
    std::string github_message; // GitHub's "message" field (redacted), "" when none
    std::string hint;           // what to check, "" when nothing useful
    bool maybe_applied = false; // a non-idempotent request may have taken effect anyway
};

// The error for the command layer: Config and Rejected are exit 2 (usage/configuration),
// the others exit 3 (unavailable). The hint, when any, becomes the error's hint.
core::Error to_core_error(const GitHubError& error);

struct GitHubOptions {
    std::string api_url; // the GITHUB_API_URL value; "" means https://api.github.com
    RetryPolicy retry;
    int max_pages = 50; // of 100 comments each; more fails instead of guessing
    int max_redirects = 5;
    std::string login; // when non-empty, identity() returns it without asking GitHub
};

class GitHubClient {
  public:
    // `http` and `clock` must outlive the client. An empty token or a bad api_url makes every
    // call fail with Kind::Config without sending anything.
    GitHubClient(net::Client& http, std::string token, GitHubOptions options = {},
                 Clock& clock = SystemClock::instance());

    // The login the token acts as (GET /user, once per client). When GitHub refuses GET /user
    // with 403 or 404, as it does to the installation token of GitHub Actions, the Actions bot
    // (k_actions_bot_login).
    util::Result<std::string, GitHubError> identity();

    // Every comment of issue or pull request `number`, oldest first, following rel="next"
    // pages of 100 (at most max_pages; next links must stay on the API's origin).
    util::Result<std::vector<IssueComment>, GitHubError> list_issue_comments(const RepoRef& repo,
                                                                             long long number);
    // Posts a new comment (not repeated after an ambiguous failure, see above).
    util::Result<IssueComment, GitHubError>
    create_issue_comment(const RepoRef& repo, long long number, std::string_view body);
    // Replaces the body of comment `comment_id`.
    util::Result<IssueComment, GitHubError>
    edit_issue_comment(const RepoRef& repo, long long comment_id, std::string_view body);

    // The normalised base URL ("" when it was invalid).
    const std::string& api_url() const { return m_api_url; }
    // How long the client has slept waiting for retries so far.
    Millis waited() const { return m_waited; }
    const RetryPolicy& retry_policy() const { return m_options.retry; }

  private:
    util::Result<net::Response, GitHubError> call(std::string method, std::string url,
                                                  std::string body, bool idempotent,
                                                  const std::string& operation);
    // POST or PATCH of a comment body, answered by the comment as GitHub stored it.
    util::Result<IssueComment, GitHubError> send_comment(std::string method, std::string url,
                                                         std::string_view body, bool idempotent,
                                                         const std::string& operation);
    net::Request build(const std::string& method, const std::string& url,
                       const std::string& body) const;
    GitHubError failure(GitHubError::Kind kind, int status, const std::string& operation,
                        const std::string& what, const std::string& body = "") const;
    std::string scrub(std::string_view text) const;
    bool can_wait(Millis wait) const { return m_waited + wait <= m_options.retry.max_total_wait; }

    net::Client& m_http;
    std::string m_token;
    GitHubOptions m_options;
    Clock& m_clock;
    std::string m_api_url;
    std::string m_origin;
    std::string m_config_error;
    std::string m_login;
    Millis m_waited{0};
};

} // namespace dpipe::github
