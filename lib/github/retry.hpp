#pragma once
// When and how long to wait before repeating a GitHub API request, as GitHub documents it:
// Retry-After (seconds) first; then an exhausted primary rate limit (x-ratelimit-remaining: 0)
// waits until x-ratelimit-reset (epoch seconds); a secondary rate limit (403 whose message
// mentions "secondary rate limit" or "abuse") or a 429 without those headers waits
// `secondary_wait`; 5xx backs off exponentially. Every other status is final.
// Pure functions plus a clock seam, so tests neither sleep nor depend on the time of day.

#include "net/http.hpp"

#include <chrono>
#include <string>

namespace dpipe::github {

using Millis = std::chrono::milliseconds;

// Time and sleeping, replaced in tests by a clock whose sleep only advances it.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    virtual void sleep_for(Millis duration) = 0;
};

// The real clock; one process-wide instance.
class SystemClock : public Clock {
  public:
    std::chrono::system_clock::time_point now() const override;
    void sleep_for(Millis duration) override;
    static SystemClock& instance();
};

struct RetryPolicy {
    // The most a client sleeps in total, over all its requests. A wait that would exceed what
    // is left fails the request at once instead of sleeping part of it.
    Millis max_total_wait{60'000};
    int max_attempts = 6;          // per request, the first one included
    Millis initial_backoff{1'000}; // 5xx and network errors: doubled after each attempt
    Millis max_backoff{16'000};
    Millis secondary_wait{60'000}; // a secondary rate limit that names no time
};

enum class RetryReason { None, RateLimit, SecondaryRateLimit, TooManyRequests, ServerError };

struct RetryAdvice {
    RetryReason reason = RetryReason::None; // None: the response is final
    Millis wait{0};
    std::string explanation; // for messages: "secondary rate limit", "HTTP 502", ...
};

// The advice for `response` to attempt number `attempt` (1-based) at time `now`.
RetryAdvice advise_retry(const net::Response& response, int attempt,
                         std::chrono::system_clock::time_point now, const RetryPolicy& policy);

// The exponential backoff before attempt `attempt + 1`: initial * 2^(attempt-1), capped.
Millis backoff_for(int attempt, const RetryPolicy& policy);

} // namespace dpipe::github
