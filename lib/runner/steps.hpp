#pragma once
// What each kind of task does against a connection. Each function fills `result` (status,
// message, failures, samples, SQL) and throws only when the database itself is gone.

#include "engine/connection.hpp"
#include "project/snapshot.hpp"
#include "runner/runner.hpp"
#include "util/file_source.hpp"

namespace dpipe::runner {

struct StepContext {
    const project::Snapshot& cp;
    engine::Connection& conn;
    const util::FileSource& files; // the project's files (seeds, fixtures), as the run loaded them
};

void load_seed(const StepContext& ctx, const core::Seed& seed, StepResult& result);
void load_fixture(const StepContext& ctx, const core::SourceTable& source, StepResult& result);
void build_model(const StepContext& ctx, const core::Model& model, StepResult& result);
void run_data_test(const StepContext& ctx, const graph::Node& node, StepResult& result);
void run_unit_test(const StepContext& ctx, const core::UnitTest& test, StepResult& result);

// The model's SQL with ephemeral upstream models inlined as CTEs (dbt's __dbt__cte__ names).
std::string inline_ephemerals(const project::Snapshot& cp, const std::string& sql, int depth = 0);

// Schema and table of a quoted relation such as "analytics"."orders".
engine::TableRef split_relation(const std::string& relation);

} // namespace dpipe::runner
