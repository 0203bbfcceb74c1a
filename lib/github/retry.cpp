#include "github/retry.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <thread>

namespace dpipe::github {

namespace {

// A non-negative integer header value, or nothing (absent or not a number).
std::optional<long long> header_number(const net::Response& r, const std::string& name) {
    std::string v = std::string(util::trim(r.header(name)));
    long long n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < 0) {
        return std::nullopt;
    }
    return n;
}

bool mentions_secondary_limit(const std::string& body) {
    std::string lower = util::to_lower(body);
    return lower.find("secondary rate limit") != std::string::npos ||
           lower.find("abuse") != std::string::npos;
}

} // namespace

std::chrono::system_clock::time_point SystemClock::now() const {
    return std::chrono::system_clock::now();
}

void SystemClock::sleep_for(Millis duration) {
    std::this_thread::sleep_for(duration);
}

SystemClock& SystemClock::instance() {
    static SystemClock clock;
    return clock;
}

Millis backoff_for(int attempt, const RetryPolicy& policy) {
    Millis wait = policy.initial_backoff;
    for (int i = 1; i < attempt && wait < policy.max_backoff; ++i) {
        wait *= 2;
    }
    return std::min(wait, policy.max_backoff);
}

RetryAdvice advise_retry(const net::Response& response, int attempt,
                         std::chrono::system_clock::time_point now, const RetryPolicy& policy) {
    int status = response.status;
    std::optional<long long> retry_after = header_number(response, "retry-after");
    std::optional<long long> remaining = header_number(response, "x-ratelimit-remaining");
    std::optional<long long> reset = header_number(response, "x-ratelimit-reset");
    bool exhausted = remaining && *remaining == 0;

    if (status == 403 || status == 429) {
        RetryAdvice a;
        if (exhausted) {
            a.reason = RetryReason::RateLimit;
            a.explanation = "rate limit exhausted";
        } else if (status == 429) {
            a.reason = RetryReason::TooManyRequests;
            a.explanation = "too many requests (429)";
        } else if (mentions_secondary_limit(response.body) || retry_after) {
            a.reason = RetryReason::SecondaryRateLimit;
            a.explanation = "secondary rate limit";
        } else {
            return {}; // a plain 403: no permission
        }
        if (retry_after) {
            a.wait = Millis(*retry_after * 1000);
        } else if (exhausted && reset) {
            auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
            // One second past the reset, as the reset second itself may still be limited.
            a.wait = Millis(std::max<long long>(1, *reset - now_s.count() + 1) * 1000);
        } else {
            a.wait = std::max(policy.secondary_wait, backoff_for(attempt, policy));
        }
        return a;
    }
    if (status >= 500 && status <= 599) {
        RetryAdvice a;
        a.reason = RetryReason::ServerError;
        a.explanation = "HTTP " + std::to_string(status);
        a.wait = retry_after ? Millis(*retry_after * 1000) : backoff_for(attempt, policy);
        return a;
    }
    return {};
}

} // namespace dpipe::github
