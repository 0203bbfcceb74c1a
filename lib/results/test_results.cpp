#include "results/test_results.hpp"

#include <algorithm>

namespace dpipe::results {

const char* status_name(Status s) {
    switch (s) {
    case Status::Pass: return "pass";
    case Status::Warn: return "warn";
    case Status::Fail: return "fail";
    case Status::Error: return "error";
    case Status::Skipped: return "skipped";
    }
    return "error";
}

const char* step_name(Step s) {
    switch (s) {
    case Step::Seed: return "seed";
    case Step::Fixture: return "fixture";
    case Step::Model: return "model";
    case Step::Test: return "test";
    case Step::UnitTest: return "unit_test";
    }
    return "model";
}

std::size_t RunSummary::count(Status s) const {
    return static_cast<std::size_t>(std::count_if(
        steps.begin(), steps.end(), [&](const StepResult& r) { return r.status == s; }));
}

} // namespace dpipe::results
