// Times dbt selectors on an in-memory chain of models (m0 -> m1 -> ... -> m{N-1}), the shape
// where a per-node walk is quadratic. Not a test: prints one line per selector and exits 1
// when any selector takes longer than the budget.
//
//   selector_bench [N=10000] [budget_ms=50]

#include "graph/graph.hpp"
#include "graph/selector.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace dpipe;

namespace {

graph::Graph chain(std::size_t n) {
    graph::Graph g;
    for (std::size_t i = 0; i < n; ++i) {
        graph::Node node;
        node.name = "m" + std::to_string(i);
        node.unique_id = "model.bench." + node.name;
        node.path = "models/chain/" + node.name + ".sql";
        node.loc = {node.path, 1, 1};
        node.materialized = i % 2 == 0 ? "view" : "table";
        node.tags = {"chain", i % 10 == 0 ? "tenth" : "other"};
        node.index = i;
        graph::NodeId id = g.add_node(std::move(node));
        if (i > 0) {
            g.add_edge(id - 1, id);
        }
    }
    core::CollectingSink sink;
    g.finish(sink);
    return g;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    double budget_ms = argc > 2 ? std::strtod(argv[2], nullptr) : 50.0;
    if (n < 2) {
        std::fprintf(stderr, "selector_bench: N must be at least 2\n");
        return 2;
    }
    auto g = chain(n);
    const std::string mid = "m" + std::to_string(n / 2);
    const std::string last = "m" + std::to_string(n - 1);
    const std::vector<std::string> selectors = {
        mid,
        "+" + mid,
        mid + "+",
        "@" + mid,
        "2+" + mid,
        mid + "+3",
        "+" + last,
        "m0+",
        "path:models/chain",
        "+path:models/chain",
        "path:models/chain+",
        "@path:models/chain",
        "tag:tenth",
        "tag:tenth+",
        "@tag:tenth",
        "2+tag:tenth+2",
        "config.materialized:table",
        "m1* tag:tenth",
        "+" + mid + ",tag:tenth",
        "@" + mid + ",path:models/chain,tag:chain",
        "m0+ +" + last + " @" + mid,
        "m1 m2 m3 m4 m5 m6 m7 m8 m9 +m10",
    };
    std::printf("chain of %zu models, budget %.0f ms per selector\n", n, budget_ms);
    bool over = false;
    for (const auto& expr : selectors) {
        auto start = std::chrono::steady_clock::now();
        auto r = graph::select(g, expr);
        auto elapsed = std::chrono::steady_clock::now() - start;
        double ms = std::chrono::duration<double, std::milli>(elapsed).count();
        if (!r) {
            std::printf("%-44s error: %s\n", expr.c_str(), r.error().message.c_str());
            over = true;
            continue;
        }
        over = over || ms > budget_ms;
        std::printf("%-44s %8.2f ms  %6zu nodes%s\n", expr.c_str(), ms, r->size(),
                    ms > budget_ms ? "  OVER BUDGET" : "");
    }
    return over ? 1 : 0;
}
