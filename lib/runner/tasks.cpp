#include "runner/tasks.hpp"

#include "util/hash.hpp"

#include <unordered_map>

namespace dpipe::runner {

using graph::NodeId;
using graph::NodeType;

std::vector<Task> plan_tasks(const project::Snapshot& cp, const std::vector<NodeId>& selected,
                             unsigned shard_index, unsigned shard_count) {
    const auto& g = cp.graph;
    std::vector<char> want(g.size(), 0);
    auto is_buildable = [&](NodeId id) {
        auto t = g.node(id).type;
        return t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Seed ||
               t == NodeType::Source;
    };
    auto in_shard = [&](NodeId id) {
        return shard_count <= 1 ||
               util::fnv1a64(g.node(id).unique_id) % shard_count == shard_index - 1;
    };
    auto need_with_ancestors = [&](NodeId id) {
        want[id] = 1;
        for (NodeId a : g.ancestors(id)) {
            if (is_buildable(a)) {
                want[a] = 1;
            }
        }
    };
    for (NodeId id : graph::with_attached_tests(g, selected)) {
        auto t = g.node(id).type;
        if (t == NodeType::Test || t == NodeType::UnitTest) {
            if (in_shard(id)) {
                need_with_ancestors(id);
            }
        } else if (is_buildable(id) && in_shard(id)) {
            need_with_ancestors(id);
        }
    }
    std::vector<Task> tasks;
    std::unordered_map<NodeId, std::size_t> task_of;
    for (NodeId id : g.topological_order()) {
        if (!want[id]) {
            continue;
        }
        Task t;
        t.node = id;
        switch (g.node(id).type) {
        case NodeType::Seed: t.step = Step::Seed; break;
        case NodeType::Source: t.step = Step::Fixture; break;
        case NodeType::Test: t.step = Step::Test; break;
        case NodeType::UnitTest: t.step = Step::UnitTest; break;
        case NodeType::Model:
        case NodeType::Snapshot: t.step = Step::Model; break;
        default: continue;
        }
        for (NodeId p : g.parents(id)) {
            auto it = task_of.find(p);
            if (it != task_of.end()) {
                t.deps.push_back(it->second);
            }
        }
        task_of[id] = tasks.size();
        tasks.push_back(std::move(t));
    }
    return tasks;
}

} // namespace dpipe::runner
