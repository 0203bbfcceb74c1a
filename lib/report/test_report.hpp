#pragma once
// Output of `dpipe test`: a progress line per step, the summary, JSON and JUnit XML.

#include "runner/runner.hpp"

#include <string>

namespace dpipe::report {

// "[ 3/12] pass  model  stg_orders (0.01s)" with the message for anything not passing.
std::string test_progress_line(const runner::StepResult& r, std::size_t done, std::size_t total);

// Failures with their file, message, SQL and sample rows, then one line of counts.
std::string test_summary_text(const runner::RunSummary& s);

// {"version": 1, "engine": ..., "results": [...], "counts": {...}} (schemas/test-results.schema.json)
std::string test_json(const runner::RunSummary& s);

// JUnit XML: one testsuite per step kind, one testcase per step.
std::string test_junit(const runner::RunSummary& s);

} // namespace dpipe::report
