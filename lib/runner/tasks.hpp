#pragma once
// The work of a test run as a DAG of tasks (load a seed or fixture, build a model, run a test),
// derived from the lineage graph and the selection.

#include "project/snapshot.hpp"
#include "runner/runner.hpp"

#include <string>
#include <vector>

namespace dpipe::runner {

struct Task {
    Step step = Step::Model;
    graph::NodeId node = 0;
    std::vector<std::size_t> deps; // indices of tasks that must pass first
};

// Selected models and their ancestors (models, seeds, sources), and the tests attached to the
// selection, split by --shard. Tasks are in dependency order.
std::vector<Task> plan_tasks(const project::Snapshot& cp, const std::vector<graph::NodeId>& selected,
                             unsigned shard_index, unsigned shard_count);

} // namespace dpipe::runner
