#pragma once
// Output of `dpipe test`: a progress line per step, the summary, JSON and JUnit XML.

#include "results/test_results.hpp"

#include <string>

namespace dpipe::report {

// "[ 3/12] pass  model  stg_orders (0.01s)" with the message for anything not passing.
std::string test_progress_line(const results::StepResult& r, std::size_t done, std::size_t total);

// Failures with their file, message, SQL and sample rows, then one line of counts.
std::string test_summary_text(const results::RunSummary& s);

// {"version": 1, "engine": ..., "results": [...], "counts": {...}} (schemas/test-results.schema.json)
std::string test_json(const results::RunSummary& s);

// JUnit XML: one testsuite per step kind, one testcase per step.
std::string test_junit(const results::RunSummary& s);

} // namespace dpipe::report
