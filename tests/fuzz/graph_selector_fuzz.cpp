// Fuzz target: dbt selector expressions (--select/--exclude) applied to a small graph with every
// node type, a diamond and a long chain. Must never crash, hang or trip a sanitizer; errors
// must point inside the expression.
//
// Input: up to three expressions separated by '\n': select, exclude, resource types (space
// separated).

#include "graph/graph.hpp"
#include "graph/selector.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using dpipe::graph::Graph;
using dpipe::graph::NodeId;
using dpipe::graph::NodeType;

NodeId add(Graph& g, NodeType type, const std::string& name, const std::string& path,
           std::vector<std::string> tags = {}) {
    dpipe::graph::Node n;
    n.type = type;
    n.name = name;
    n.unique_id = std::string(dpipe::graph::node_type_name(type)) + ".shop." + name;
    n.path = path;
    n.loc = {path, 1, 1};
    n.materialized = type == NodeType::Model ? "view" : "";
    n.tags = std::move(tags);
    if (type == NodeType::Test) {
        n.test_kind = dpipe::graph::Node::TestKind::Generic;
    }
    return g.add_node(std::move(n));
}

Graph make_graph() {
    Graph g;
    NodeId src = add(g, NodeType::Source, "raw.orders", "models/_sources.yml");
    NodeId seed = add(g, NodeType::Seed, "country_codes", "seeds/country_codes.csv");
    NodeId stg = add(g, NodeType::Model, "stg_orders", "models/staging/stg_orders.sql", {"daily"});
    NodeId stg_c = add(g, NodeType::Model, "stg_customers", "models/staging/stg_customers.sql");
    NodeId inter = add(g, NodeType::Model, "int_orders", "models/intermediate/int_orders.sql");
    NodeId fct = add(g, NodeType::Model, "fct_orders", "models/marts/fct_orders.sql", {"daily", "pii"});
    NodeId snap = add(g, NodeType::Snapshot, "orders_snapshot", "snapshots/orders.sql");
    NodeId test = add(g, NodeType::Test, "not_null_fct_orders_id", "models/marts/_marts.yml");
    NodeId exposure = add(g, NodeType::Exposure, "dashboard", "models/exposures.yml");
    NodeId pipeline = add(g, NodeType::Pipeline, "daily_orders", "pipelines/daily_orders.yaml");
    g.add_edge(src, stg);
    g.add_edge(seed, stg_c);
    g.add_edge(stg, inter);
    g.add_edge(stg_c, inter);
    g.add_edge(inter, fct);
    g.add_edge(stg, snap);
    g.add_edge(fct, test);
    g.add_edge(fct, exposure);
    g.add_edge(fct, pipeline);
    NodeId prev = fct;
    for (int i = 0; i < 40; ++i) {
        NodeId next = add(g, NodeType::Model, "chain_" + std::to_string(i), "models/chain/c.sql");
        g.add_edge(prev, next);
        prev = next;
    }
    dpipe::core::CollectingSink sink;
    g.finish(sink);
    return g;
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end > i) {
            out.emplace_back(text.substr(i, end - i));
        }
        i = end + 1;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Graph g = make_graph();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    while (lines.size() < 2) {
        std::size_t cut = text.find('\n');
        if (cut == std::string_view::npos) {
            break;
        }
        lines.push_back(text.substr(0, cut));
        text = text.substr(cut + 1);
    }
    lines.push_back(text);

    auto one = dpipe::graph::select(g, lines[0]);
    if (!one && one.error().offset > lines[0].size()) {
        std::abort();
    }
    if (one) {
        for (NodeId id : *one) {
            if (id >= g.size()) {
                std::abort();
            }
        }
        (void)dpipe::graph::with_attached_tests(g, *one);
    }
    dpipe::graph::Selection selection;
    selection.select.emplace_back(lines[0]);
    if (lines.size() > 1) {
        selection.exclude.emplace_back(lines[1]);
    }
    if (lines.size() > 2) {
        selection.resource_types = words(lines[2]);
    }
    (void)dpipe::graph::apply(g, selection);
    return 0;
}
