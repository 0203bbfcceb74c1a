// The sticky comment end to end: libcurl against a local fake GitHub.

#include "fake_clock.hpp"
#include "fake_github.hpp"
#include "github/sticky.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::github;
namespace net = dpipe::net;
using testing::FakeClock;
using testing::FakeGitHub;
using testing::k_token;
using testing::ScriptedResponse;

namespace {

const PullRequestRef k_pr{{"o", "r"}, 7};
constexpr const char* k_marker = "<!-- dpipe:plan -->";

std::string plan(const std::string& text) {
    return std::string(k_marker) + "\n" + text;
}

GitHubOptions options_for(const FakeGitHub& gh) {
    GitHubOptions o;
    o.api_url = gh.api_url();
    return o;
}

int count(const std::vector<testing::RecordedRequest>& reqs, const std::string& method) {
    int n = 0;
    for (const auto& r : reqs) {
        n += r.method == method ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("the first run creates the comment, later runs edit it in place", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    gh.add_comment("reviewer", "looks good");
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));

    auto first = upsert_sticky_comment(client, k_pr, k_marker, plan("3 models affected"));
    REQUIRE(first.ok());
    REQUIRE(first->action == StickyComment::Action::Created);
    REQUIRE(first->url ==
            "https://github.example/o/r/pull/7#issuecomment-" + std::to_string(first->comment_id));
    REQUIRE(gh.comments().size() == 2);

    auto second = upsert_sticky_comment(client, k_pr, k_marker, plan("4 models affected"));
    REQUIRE(second.ok());
    REQUIRE(second->action == StickyComment::Action::Updated);
    REQUIRE(second->comment_id == first->comment_id);
    REQUIRE(second->other_copies == 0);
    auto comments = gh.comments();
    REQUIRE(comments.size() == 2);
    REQUIRE(comments[1].body == plan("4 models affected"));
    REQUIRE(comments[0].body == "looks good");

    // Same text again: nothing to edit.
    auto third = upsert_sticky_comment(client, k_pr, k_marker, plan("4 models affected"));
    REQUIRE(third->action == StickyComment::Action::Unchanged);
    REQUIRE(third->comment_id == first->comment_id);
    auto reqs = gh.requests();
    REQUIRE(count(reqs, "POST") == 1);
    REQUIRE(count(reqs, "PATCH") == 1);
    REQUIRE(count(reqs, "GET") == 1 + 3); // /user once, the comments on each run
    for (const auto& r : reqs) {
        // The token travels in the Authorization header only.
        REQUIRE((r.target.find(k_token) == std::string::npos));
        REQUIRE((r.body.find(k_token) == std::string::npos));
        REQUIRE((r.header("authorization") == std::string("Bearer ") + k_token));
    }
}

TEST_CASE("the marker is found on the last of several pages", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    gh.set_page_size(2);
    for (int i = 0; i < 4; ++i) {
        gh.add_comment("reviewer", "comment " + std::to_string(i));
    }
    long long sticky = gh.add_comment("dpipe-bot", plan("old"));
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("new"));
    REQUIRE(r.ok());
    REQUIRE(r->action == StickyComment::Action::Updated);
    REQUIRE(r->comment_id == sticky);
    REQUIRE(gh.comments().size() == 5);
    REQUIRE(gh.comments().back().body == plan("new"));
    REQUIRE(gh.requests().back().target == "/repos/o/r/issues/comments/" + std::to_string(sticky));
}

TEST_CASE("comments by other users that carry the marker are ignored", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    gh.add_comment("mallory", plan("forged"));
    gh.add_comment("reviewer", "quoting it: " + plan("quoted"));
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("real"));
    REQUIRE(r->action == StickyComment::Action::Created);
    auto comments = gh.comments();
    REQUIRE(comments.size() == 3);
    REQUIRE(comments[0].body == plan("forged"));
    REQUIRE(comments[2].author == "dpipe-bot");
    REQUIRE(count(gh.requests(), "PATCH") == 0);
}

TEST_CASE("of several own copies the newest is edited and the others left alone", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    long long older = gh.add_comment("dpipe-bot", plan("v1"));
    long long newer = gh.add_comment("Dpipe-Bot", plan("v2")); // logins ignore case
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("v3"));
    REQUIRE(r->action == StickyComment::Action::Updated);
    REQUIRE(r->comment_id == newer);
    REQUIRE(r->other_copies == 1);
    auto comments = gh.comments();
    REQUIRE(comments.size() == 2);
    REQUIRE(comments[0].id == older);
    REQUIRE(comments[0].body == plan("v1"));
}

TEST_CASE("with the Actions token the bot's own comment is edited", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "github-actions[bot]");
    gh.set_user_status(403);
    long long sticky = gh.add_comment("github-actions[bot]", plan("old"));
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("new"));
    REQUIRE(r->action == StickyComment::Action::Updated);
    REQUIRE(r->comment_id == sticky);
}

TEST_CASE("a body without the marker gets it on its first line", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    net::CurlClient http;
    GitHubClient client(http, k_token, options_for(gh));
    REQUIRE(upsert_sticky_comment(client, k_pr, k_marker, "## Plan").ok());
    REQUIRE(gh.comments().at(0).body == plan("## Plan"));
    REQUIRE(upsert_sticky_comment(client, k_pr, k_marker, "## Plan 2")->action ==
            StickyComment::Action::Updated);
    REQUIRE(gh.comments().size() == 1);

    auto empty = upsert_sticky_comment(client, k_pr, " ", "x");
    REQUIRE(empty.error().kind == GitHubError::Kind::Config);
}

TEST_CASE("a failed create is checked before it is tried again", "[github]") {
    FakeGitHub gh;
    gh.add_token(k_token, "dpipe-bot");
    net::CurlClient http;
    FakeClock clock;
    GitHubClient client(http, k_token, options_for(gh), clock);

    SECTION("GitHub posted it despite the 502: edited, not duplicated") {
        gh.set_apply_failed_posts(true);
        gh.fail_next("POST", {502, {}, "", {}});
        auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("x"));
        REQUIRE(r.ok());
        REQUIRE(r->action == StickyComment::Action::Unchanged);
        REQUIRE(gh.comments().size() == 1);
    }
    SECTION("GitHub did not post it: created on the second try") {
        gh.fail_next("POST", {502, {}, "", {}});
        auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("x"));
        REQUIRE(r.ok());
        REQUIRE(r->action == StickyComment::Action::Created);
        REQUIRE(gh.comments().size() == 1);
        REQUIRE(count(gh.requests(), "POST") == 2);
    }
    SECTION("it keeps failing: an error after three tries") {
        for (int i = 0; i < 5; ++i) {
            gh.fail_next("POST", {502, {}, "", {}});
        }
        auto r = upsert_sticky_comment(client, k_pr, k_marker, plan("x"));
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error().status == 502);
        REQUIRE(count(gh.requests(), "POST") == 3);
        REQUIRE(gh.comments().empty());
    }
}
