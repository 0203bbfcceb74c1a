#pragma once
// A clock for retry tests: sleeping records the duration and moves time forward at once.

#include "github/retry.hpp"

#include <vector>

namespace testing {

class FakeClock : public dpipe::github::Clock {
  public:
    // 2023-11-14T22:13:20Z
    std::chrono::system_clock::time_point time{std::chrono::seconds(1'700'000'000)};
    std::vector<dpipe::github::Millis> sleeps;

    std::chrono::system_clock::time_point now() const override { return time; }
    void sleep_for(dpipe::github::Millis d) override {
        sleeps.push_back(d);
        time += d;
    }
};

// The token the tests use; scripts/test fails when it appears in the suite's output.
inline constexpr const char* k_token = "s3cr3t-gh-token-5150";

} // namespace testing
