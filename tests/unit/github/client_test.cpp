// The GitHub client with the real libcurl transport against a local fake GitHub: headers,
// pagination, retries within the wait budget, redirects, errors that never hold the token.

#include "fake_clock.hpp"
#include "fake_github.hpp"
#include "github/client.hpp"
#include "util/redact.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::github;
namespace net = dpipe::net;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;
using testing::FakeGitHub;
using testing::k_token;
using testing::ScriptedResponse;
using testing::TestServer;

namespace {

const RepoRef k_repo{"o", "r"};

GitHubOptions options_for(const FakeGitHub& gh) {
    GitHubOptions o;
    o.api_url = gh.api_url();
    return o;
}

// True when the token appears nowhere in what an error can show.
bool token_free(const GitHubError& e) {
    std::string all = e.message + "|" + e.github_message + "|" + e.hint + "|" +
                      dpipe::github::to_core_error(e).what();
    return all.find(k_token) == std::string::npos;
}

ScriptedResponse status_only(int status, std::vector<std::pair<std::string, std::string>> headers,
                             std::string body = "{}") {
    return {status, std::move(headers), std::move(body), {}};
}

} // namespace

TEST_CASE("every request carries the token, the API version and the media type", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto login = client.identity();
    REQUIRE(login.value() == "octocat");
    REQUIRE(client.identity().value() == "octocat"); // asked once
    auto reqs = gh.requests();
    REQUIRE(reqs.size() == 1);
    REQUIRE(reqs[0].method == "GET");
    REQUIRE(reqs[0].target == "/user");
    REQUIRE((reqs[0].header("authorization") == std::string("Bearer ") + k_token));
    REQUIRE(reqs[0].header("accept") == "application/vnd.github+json");
    REQUIRE(reqs[0].header("x-github-api-version") == "2022-11-28");
    REQUIRE(reqs[0].header("user-agent") == "dpipe");
}

TEST_CASE("identity falls back to the Actions bot when GET /user is refused", "[github]") {
    for (int status : {403, 404}) {
        FakeGitHub gh;
        gh.add_token(k_token, "github-actions[bot]");
        gh.set_user_status(status);
        net::CurlClient http;
        FakeClock clock;
        GitHubClient client(http, k_token, options_for(gh), clock);
        REQUIRE(client.identity().value() == "github-actions[bot]");
        REQUIRE(clock.sleeps.empty());
    }
}

TEST_CASE("401 fails at once with GitHub's message and without the token", "[github]") {
    FakeGitHub gh;
    gh.add_token("another-token-value", "octocat");
    net::CurlClient http;
    FakeClock clock;
    GitHubClient client(http, k_token, options_for(gh), clock);
    // The client masks the token itself, not only through the process-wide redactor.
    dpipe::util::clear_registered_secrets();
    auto r = client.identity();
    REQUIRE_FALSE(r.ok());
    const GitHubError& e = r.error();
    REQUIRE(e.kind == GitHubError::Kind::Rejected);
    REQUIRE(e.status == 401);
    REQUIRE(token_free(e));
    // The fake echoes the Authorization header it got; the client shows it masked.
    REQUIRE(e.message == "GitHub: cannot find who GITHUB_TOKEN belongs to: HTTP 401 Unauthorized: "
                         "Bad credentials: Bearer ****");
    REQUIRE(e.hint == "GITHUB_TOKEN is invalid or expired");
    REQUIRE(dpipe::github::to_core_error(e).exit_code() == dpipe::core::ExitCode::Usage);
    REQUIRE(gh.requests().size() == 1);
    REQUIRE(clock.sleeps.empty());
}

TEST_CASE("comments are read across Link pages", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    gh.set_page_size(2);
    for (int i = 0; i < 5; ++i) {
        gh.add_comment("someone", "comment " + std::to_string(i));
    }
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto cs = client.list_issue_comments(k_repo, 7);
    REQUIRE(cs.ok());
    REQUIRE(cs->size() == 5);
    REQUIRE(cs->at(4).body == "comment 4");
    auto reqs = gh.requests();
    REQUIRE(reqs.size() == 3);
    REQUIRE(reqs[0].target == "/repos/o/r/issues/7/comments?per_page=100");
    REQUIRE(reqs[2].target == "/repos/o/r/issues/7/comments?per_page=2&page=3");
    for (const auto& r : reqs) {
        REQUIRE((r.header("authorization") == std::string("Bearer ") + k_token));
    }

    GitHubOptions few = options_for(gh);
    few.max_pages = 2;
    GitHubClient bounded(http, k_token, few);
    auto capped = bounded.list_issue_comments(k_repo, 7);
    REQUIRE_FALSE(capped.ok());
    REQUIRE_THAT(capped.error().message, Catch::Contains("more than 2 pages"));
}

TEST_CASE("a GitHub Enterprise base URL keeps its path prefix", "[github]") {
    FakeGitHub gh("/api/v3");
    gh.add_token(k_token, "octocat");
    gh.set_page_size(1);
    gh.add_comment("a", "one");
    gh.add_comment("b", "two");
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    REQUIRE(client.api_url() == gh.api_url());
    REQUIRE(client.identity().value() == "octocat");
    REQUIRE(client.list_issue_comments(k_repo, 7)->size() == 2);
    auto made = client.create_issue_comment(k_repo, 7, "hello");
    REQUIRE(made.ok());
    REQUIRE(client.edit_issue_comment(k_repo, made->id, "bye")->body == "bye");
    for (const auto& r : gh.requests()) {
        REQUIRE(r.target.rfind("/api/v3/", 0) == 0);
    }
    REQUIRE(gh.requests().back().target ==
            "/api/v3/repos/o/r/issues/comments/" + std::to_string(made->id));
    REQUIRE(gh.requests().back().method == "PATCH");
    REQUIRE(gh.requests().back().body == R"({"body":"bye"})");
    REQUIRE(gh.requests().back().header("content-type") == "application/json");
}

TEST_CASE("rate limits and server errors are retried as GitHub asks", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    net::CurlClient http;
    FakeClock clock;
    GitHubOptions o = options_for(gh);
    o.retry.secondary_wait = seconds(20);
    GitHubClient client(http, k_token, o, clock);

    SECTION("403 secondary rate limit, then success") {
        gh.fail_next("GET", status_only(403, {},
                                        R"({"message":"You have exceeded a secondary rate )"
                                        R"(limit. Please wait a few minutes."})"));
        REQUIRE(client.identity().value() == "octocat");
        REQUIRE(clock.sleeps == std::vector<milliseconds>{seconds(20)});
    }
    SECTION("429 with Retry-After") {
        gh.fail_next("GET", status_only(429, {{"Retry-After", "3"}}));
        REQUIRE(client.identity().value() == "octocat");
        REQUIRE(clock.sleeps == std::vector<milliseconds>{seconds(3)});
    }
    SECTION("primary rate limit until its reset") {
        gh.fail_next(
            "GET",
            status_only(403, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700000010"}},
                        R"({"message":"API rate limit exceeded"})"));
        REQUIRE(client.identity().value() == "octocat");
        REQUIRE(clock.sleeps == std::vector<milliseconds>{seconds(11)});
    }
    SECTION("502 twice, then success, with exponential backoff") {
        gh.fail_next("GET", status_only(502, {}, "<html>bad gateway</html>"));
        gh.fail_next("GET", status_only(502, {}, "<html>bad gateway</html>"));
        REQUIRE(client.list_issue_comments(k_repo, 7).ok());
        REQUIRE(clock.sleeps == std::vector<milliseconds>{seconds(1), seconds(2)});
        REQUIRE(client.waited() == seconds(3));
    }
    REQUIRE(gh.requests().size() == 1 + clock.sleeps.size());
}

TEST_CASE("retries stop at the wait budget and at the attempt limit", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    net::CurlClient http;
    FakeClock clock;
    GitHubOptions o = options_for(gh);
    o.retry.max_total_wait = seconds(10);
    GitHubClient client(http, k_token, o, clock);

    SECTION("502 until the budget is spent") {
        for (int i = 0; i < 10; ++i) {
            gh.fail_next("GET", status_only(502, {}));
        }
        auto r = client.identity();
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().kind == GitHubError::Kind::Server);
        REQUIRE(r.error().status == 502);
        REQUIRE_THAT(r.error().message, Catch::Contains("wait budget"));
        // 1 + 2 + 4 s slept; 8 more would pass 10 s.
        REQUIRE(client.waited() == seconds(7));
        REQUIRE(gh.requests().size() == 4);
        REQUIRE(token_free(r.error()));
        REQUIRE(to_core_error(r.error()).exit_code() == dpipe::core::ExitCode::Unavailable);
    }
    SECTION("a reset an hour away fails at once") {
        gh.fail_next(
            "GET",
            status_only(403, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1700003600"}},
                        R"({"message":"API rate limit exceeded"})"));
        auto r = client.identity();
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().kind == GitHubError::Kind::RateLimited);
        REQUIRE_THAT(r.error().message,
                     Catch::Contains("rate limit exhausted: GitHub asks to "
                                     "wait 3601 s, beyond the 10 s wait budget"));
        REQUIRE(clock.sleeps.empty());
    }
    SECTION("the attempt limit") {
        GitHubOptions few = o;
        few.retry.max_attempts = 2;
        GitHubClient limited(http, k_token, few, clock);
        for (int i = 0; i < 3; ++i) {
            gh.fail_next("GET", status_only(429, {{"Retry-After", "1"}}));
        }
        auto r = limited.identity();
        REQUIRE_FALSE(r.ok());
        REQUIRE_THAT(r.error().message, Catch::Contains("still after 2 attempts"));
        REQUIRE(gh.requests().size() == 2);
    }
}

TEST_CASE("with the real clock a tiny budget ends retries quickly", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    for (int i = 0; i < 20; ++i) {
        gh.fail_next("GET", status_only(503, {}));
    }
    net::CurlClient http;
    GitHubOptions o = options_for(gh);
    o.retry.max_total_wait = milliseconds(40);
    o.retry.initial_backoff = milliseconds(5);
    GitHubClient client(http, k_token, o);
    auto started = std::chrono::steady_clock::now();
    auto r = client.list_issue_comments(k_repo, 7);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().status == 503);
    REQUIRE(std::chrono::steady_clock::now() - started < seconds(5));
    REQUIRE(client.waited() <= milliseconds(40));
}

TEST_CASE("other 4xx fail at once with GitHub's message", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    net::CurlClient http;
    FakeClock clock;
    GitHubClient client(http, k_token, options_for(gh), clock);
    gh.fail_next("POST", status_only(422, {},
                                     R"({"message":"Validation Failed","errors":[{"code":"custom",)"
                                     R"("message":"Body is too long"}]})"));
    auto r = client.create_issue_comment(k_repo, 7, "x");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().message == "GitHub: cannot comment on o/r#7: HTTP 422 Unprocessable Entity: "
                                 "Validation Failed; Body is too long");
    REQUIRE(r.error().github_message == "Validation Failed; Body is too long");
    REQUIRE_FALSE(r.error().maybe_applied);

    auto missing = client.edit_issue_comment(k_repo, 999999, "x");
    REQUIRE(missing.error().status == 404);
    REQUIRE_THAT(missing.error().hint, Catch::Contains("GITHUB_REPOSITORY"));
    gh.fail_next("GET",
                 status_only(403, {}, R"({"message":"Resource not accessible by integration"})"));
    auto forbidden = client.list_issue_comments(k_repo, 7);
    REQUIRE(forbidden.error().status == 403);
    REQUIRE_THAT(forbidden.error().hint, Catch::Contains("pull-requests: write"));
    REQUIRE(clock.sleeps.empty());
}

TEST_CASE("a 5xx answer to a new comment is not repeated blindly", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    net::CurlClient http;
    FakeClock clock;
    GitHubClient client(http, k_token, options_for(gh), clock);
    gh.fail_next("POST", status_only(502, {}));
    auto r = client.create_issue_comment(k_repo, 7, "x");
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error().maybe_applied);
    REQUIRE(gh.requests().size() == 1);
    // A rate limit answer means nothing was done, so that one is retried.
    gh.fail_next("POST", status_only(429, {{"Retry-After", "1"}}));
    REQUIRE(client.create_issue_comment(k_repo, 7, "x").ok());
    REQUIRE(gh.comments().size() == 1);
}

TEST_CASE("timeouts and unreachable servers are transport errors", "[github]") {
    FakeClock clock;
    SECTION("a POST that times out may have been applied") {
        FakeGitHub gh;
        gh.add_token(k_token, "octocat");
        gh.fail_next("POST", {201, {}, "{}", milliseconds(800)});
        net::Options fast;
        fast.timeout = milliseconds(200);
        net::CurlClient http(fast);
        GitHubClient client(http, k_token, options_for(gh), clock);
        auto r = client.create_issue_comment(k_repo, 7, "x");
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().kind == GitHubError::Kind::Transport);
        REQUIRE(r.error().maybe_applied);
        REQUIRE(clock.sleeps.empty());
    }
    SECTION("a closed port is retried, then reported") {
        int port = 0;
        {
            TestServer closed([](const auto&) { return ScriptedResponse{}; });
            port = closed.port();
        }
        net::CurlClient http;
        GitHubOptions o;
        o.api_url = "http://127.0.0.1:" + std::to_string(port);
        o.retry.max_attempts = 3;
        GitHubClient client(http, k_token, o, clock);
        auto r = client.identity();
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().kind == GitHubError::Kind::Transport);
        REQUIRE_THAT(r.error().message,
                     Catch::Contains("127.0.0.1") && Catch::Contains("after 3 attempts"));
        REQUIRE(clock.sleeps.size() == 2);
        REQUIRE(token_free(r.error()));
    }
    SECTION("an oversized answer") {
        FakeGitHub gh;
        gh.add_token(k_token, "octocat");
        gh.fail_next("GET", {200, {}, std::string(5000, 'x'), {}});
        net::Options small;
        small.max_body_bytes = 1000;
        net::CurlClient http(small);
        GitHubClient client(http, k_token, options_for(gh), clock);
        auto r = client.list_issue_comments(k_repo, 7);
        REQUIRE_FALSE(r.ok());
        REQUIRE_THAT(r.error().message, Catch::Contains("exceeds 1000 bytes"));
        REQUIRE(clock.sleeps.empty());
    }
}

TEST_CASE("redirects keep the token on the API's origin only", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "octocat");
    TestServer elsewhere([](const auto&) {
        return ScriptedResponse{200, {}, R"({"login":"someone-else"})", {}};
    });
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));

    SECTION("same origin: followed with the token") {
        gh.fail_next("GET", status_only(301, {{"Location", "/user"}}));
        REQUIRE(client.identity().value() == "octocat");
        REQUIRE(gh.requests().size() == 2);
        REQUIRE((gh.requests()[1].header("authorization") == std::string("Bearer ") + k_token));
    }
    SECTION("another origin: followed without the token") {
        gh.fail_next("GET", status_only(307, {{"Location", elsewhere.url() + "/user"}}));
        REQUIRE(client.identity().value() == "someone-else");
        REQUIRE(elsewhere.requests().size() == 1);
        REQUIRE(elsewhere.requests()[0].header("authorization").empty());
        REQUIRE(elsewhere.requests()[0].header("user-agent") == "dpipe");
    }
    SECTION("a next page on another origin is refused") {
        gh.fail_next(
            "GET",
            status_only(200, {{"Link", "<" + elsewhere.url() + "/x?page=2>; rel=\"next\""}}, "[]"));
        auto r = client.list_issue_comments(k_repo, 7);
        REQUIRE_THAT(r.error().message, Catch::Contains("another host"));
        REQUIRE(elsewhere.requests().empty());
    }
}

TEST_CASE("a missing token or a bad API URL sends nothing", "[github]") {
    FakeGitHub gh;
    net::CurlClient http;
    GitHubClient no_token(http, "", options_for(gh));
    auto r = no_token.identity();
    REQUIRE(r.error().kind == GitHubError::Kind::Config);
    REQUIRE_THAT(r.error().message, Catch::Contains("GITHUB_TOKEN is not set"));
    GitHubOptions bad;
    bad.api_url = "ftp://ghe.example.com";
    GitHubClient bad_url(http, k_token, bad);
    REQUIRE_THAT(bad_url.list_issue_comments(k_repo, 7).error().message,
                 Catch::Contains("GITHUB_API_URL"));
    GitHubClient injected(http, std::string(k_token) + "\r\nX-Evil: 1", options_for(gh));
    REQUIRE_THAT(injected.identity().error().message, Catch::Contains("control characters"));
    REQUIRE(gh.requests().empty());
}
