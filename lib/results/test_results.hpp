#pragma once
// What `dpipe test` produces: one StepResult per seed, fixture, model and test, and the run's
// RunSummary. Plain data, below both the runner that fills it and lib/report that renders it,
// so reports need neither the runner nor its adapters (Docker, libcurl, libpq).

#include "core/source_loc.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dpipe::results {

enum class Status { Pass, Warn, Fail, Error, Skipped };
const char* status_name(Status s); // "pass", "warn", "fail", "error", "skipped"

enum class Step { Seed, Fixture, Model, Test, UnitTest };
const char* step_name(Step s); // "seed", "fixture", "model", "test", "unit_test"

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

} // namespace dpipe::results
