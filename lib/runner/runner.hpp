#pragma once
// `dpipe test`: an ephemeral database, seeds and fixtures loaded, the selected models (and the
// ancestors they need) built in DAG order, then generic, singular and unit tests run.
// The database always disappears: RAII teardown, interrupt cleanup, and a sweep of stale
// containers at start (lib/docker).

#include "project/snapshot.hpp"
#include "graph/selector.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::runner {

struct TestRequest {
    project::Request project;         // where the project is, --vars (relations set by the run)
    graph::Selection selection;       // --select / --exclude (empty: everything)
    std::string engine;               // auto | docker | sqlite | postgres ("" = project's test.engine)
    std::string image;                // "" = project's test.image
    unsigned jobs = 0;                // 0 = project's test.jobs
    unsigned shard_index = 1;         // --shard I/N (1-based)
    unsigned shard_count = 1;
    bool fail_fast = false;
    bool keep = false;                // leave the database up and say how to connect
};

enum class Status { Pass, Warn, Fail, Error, Skipped };
const char* status_name(Status s);

enum class Step { Seed, Fixture, Model, Test, UnitTest };
const char* step_name(Step s);

struct StepResult {
    Step step = Step::Model;
    std::string name;      // node name
    std::string unique_id;
    core::SourceLoc loc;   // the file that defines it
    Status status = Status::Pass;
    std::string message;   // database error, failure summary or skip reason
    std::size_t failures = 0; // failing rows (tests)
    std::vector<std::string> sample_columns;
    std::vector<std::vector<std::string>> sample_rows; // up to 5 failing rows, NULL as "NULL"
    std::string sql;       // the SQL that ran (tests and failed models)
    double seconds = 0;
};

struct RunSummary {
    std::string engine;      // "docker", "sqlite" or "postgres"
    std::string engine_note; // why auto chose it, the image, or how to connect (--keep)
    std::vector<StepResult> steps;
    double seconds = 0;
    double ready_seconds = 0; // until the database answered
    std::size_t count(Status s) const;
    bool ok() const { return count(Status::Fail) == 0 && count(Status::Error) == 0; }
};

// Called as each step finishes (from the thread that ran it, serialised by the runner).
using Progress = std::function<void(const StepResult&, std::size_t done, std::size_t total)>;

// Runs the tests. Throws core::Error: exit 2 for project/selection errors, 3 when the engine
// (Docker, a database) is unavailable or the database goes away mid-run.
RunSummary run_tests(const TestRequest& request, const Progress& progress);

} // namespace dpipe::runner
