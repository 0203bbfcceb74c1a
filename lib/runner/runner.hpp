#pragma once
// `dpipe test`: an ephemeral database, seeds and fixtures loaded, the selected models (and the
// ancestors they need) built in DAG order, then generic, singular and unit tests run.
// The database always disappears: RAII teardown, interrupt cleanup, and a sweep of stale
// containers at start (lib/docker).

#include "project/snapshot.hpp"
#include "graph/selector.hpp"
#include "results/test_results.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::runner {

struct TestRequest {
    project::Request project;         // where the project is, --vars (relations set by the run)
    graph::Selection selection;       // --select / --exclude (empty: everything)
    // --changed: when set, only these nodes (unique ids, e.g. plan::nodes_to_test) of the
    // selection are selected; ids the project does not have are ignored. As with --select, the
    // models, seeds and sources they need upstream are built too (only as far as they are
    // needed, and without their tests), and the tests among or attached to them run.
    std::optional<std::vector<std::string>> only;
    std::string engine;               // auto | docker | sqlite | postgres ("" = project's test.engine)
    std::string image;                // "" = project's test.image
    unsigned jobs = 0;                // 0 = project's test.jobs
    unsigned shard_index = 1;         // --shard I/N (1-based)
    unsigned shard_count = 1;
    bool fail_fast = false;
    bool keep = false;                // leave the database up and say how to connect
};

// The results live in lib/results (below the runner, so reports need not link it); these names
// keep runner::StepResult and friends as the runner's vocabulary.
using results::RunSummary;
using results::Status;
using results::status_name;
using results::Step;
using results::step_name;
using results::StepResult;

// Called as each step finishes (from the thread that ran it, serialised by the runner).
using Progress = std::function<void(const StepResult&, std::size_t done, std::size_t total)>;

// Runs the tests. Throws core::Error: exit 2 for project/selection errors, 3 when the engine
// (Docker, a database) is unavailable or the database goes away mid-run.
RunSummary run_tests(const TestRequest& request, const Progress& progress);

} // namespace dpipe::runner
