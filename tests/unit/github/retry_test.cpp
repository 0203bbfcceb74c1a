// When to retry and for how long, as pure decisions over responses.

#include "github/retry.hpp"

#include <catch2/catch.hpp>

using namespace dpipe::github;
namespace net = dpipe::net;
using std::chrono::seconds;

namespace {

const std::chrono::system_clock::time_point k_now{seconds(1'700'000'000)};

net::Response response(int status, std::map<std::string, std::string> headers = {},
                       std::string body = "") {
    return net::Response{status, std::move(headers), std::move(body)};
}

} // namespace

TEST_CASE("Retry-After wins over every other rule", "[github]") {
    RetryPolicy p;
    auto a = advise_retry(response(429, {{"retry-after", "7"}}), 1, k_now, p);
    REQUIRE(a.reason == RetryReason::TooManyRequests);
    REQUIRE(a.wait == seconds(7));
    a = advise_retry(response(403, {{"retry-after", "2"}}, R"({"message":"x"})"), 1, k_now, p);
    REQUIRE(a.reason == RetryReason::SecondaryRateLimit);
    REQUIRE(a.wait == seconds(2));
    a = advise_retry(response(503, {{"retry-after", "4"}}), 1, k_now, p);
    REQUIRE(a.reason == RetryReason::ServerError);
    REQUIRE(a.wait == seconds(4));
}

TEST_CASE("an exhausted primary rate limit waits until its reset", "[github]") {
    RetryPolicy p;
    auto a = advise_retry(
        response(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000030"}},
                 R"({"message":"API rate limit exceeded"})"),
        1, k_now, p);
    REQUIRE(a.reason == RetryReason::RateLimit);
    REQUIRE(a.wait == seconds(31));
    // A reset already past still waits the one second of slack.
    a = advise_retry(
        response(429, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1699999000"}}), 1,
        k_now, p);
    REQUIRE(a.wait == seconds(1));
}

TEST_CASE("a secondary rate limit without a time waits the policy's secondary wait", "[github]") {
    RetryPolicy p;
    p.secondary_wait = seconds(5);
    auto a = advise_retry(
        response(403, {}, R"({"message":"You have exceeded a secondary rate limit."})"), 1, k_now,
        p);
    REQUIRE(a.reason == RetryReason::SecondaryRateLimit);
    REQUIRE(a.wait == seconds(5));
    a = advise_retry(response(403, {}, R"({"message":"abuse detection mechanism"})"), 1, k_now, p);
    REQUIRE(a.reason == RetryReason::SecondaryRateLimit);
}

TEST_CASE("5xx backs off exponentially up to the cap", "[github]") {
    RetryPolicy p;
    p.initial_backoff = seconds(1);
    p.max_backoff = seconds(5);
    REQUIRE(advise_retry(response(502), 1, k_now, p).wait == seconds(1));
    REQUIRE(advise_retry(response(500), 2, k_now, p).wait == seconds(2));
    REQUIRE(advise_retry(response(504), 3, k_now, p).wait == seconds(4));
    REQUIRE(advise_retry(response(503), 4, k_now, p).wait == seconds(5));
    REQUIRE(backoff_for(40, p) == seconds(5));
}

TEST_CASE("other statuses are final", "[github]") {
    RetryPolicy p;
    for (int status : {200, 400, 401, 404, 410, 422}) {
        REQUIRE(advise_retry(response(status), 1, k_now, p).reason == RetryReason::None);
    }
    // A 403 without rate-limit signs is a permission problem.
    REQUIRE(advise_retry(response(403, {{"x-ratelimit-remaining", "4999"}},
                                  R"({"message":"Resource not accessible by integration"})"),
                         1, k_now, p)
                .reason == RetryReason::None);
    // Unparseable numbers are ignored rather than trusted.
    REQUIRE(advise_retry(response(403, {{"retry-after", "soon"}}), 1, k_now, p).reason ==
            RetryReason::None);
}
