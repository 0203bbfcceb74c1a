#pragma once
// The lineage DAG of a project: one node per resource, edges from ref()/source() calls (including
// those inside macros), test attachments, exposures' depends_on and pipeline selections.
// Built once from a rendered core::Project; read-only afterwards and safe to share.

#include "core/diagnostic.hpp"
#include "core/project.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dpipe::graph {

enum class NodeType {
    Model,
    Snapshot,
    Seed,
    Source,
    Test,
    UnitTest,
    Exposure,
    Pipeline,
    Analysis,      // a .sql under analysis-paths: rendered and parsed, never built
    SemanticModel, // dbt's semantic layer, from property files
    Metric,
    SavedQuery,
};

// "model", "snapshot", "seed", "source", "test", "unit_test", "exposure", "pipeline",
// "analysis", "semantic_model", "metric", "saved_query".
const char* node_type_name(NodeType t);
// Every resource type name, in the order of NodeType (for --resource-type and selectors).
const std::vector<std::string>& node_type_names();

using NodeId = std::uint32_t;

struct Node {
    NodeType type = NodeType::Model;
    std::string unique_id; // dbt style: "model.shop.stg_orders", "source.shop.raw.orders"
    std::string name;      // "stg_orders", "raw.orders" for sources, "dim_customers.v2" for a version
    std::string version;   // a model version's "2"; the node is also found by its model's name
    std::string path;      // project-relative file the node is defined in
    core::SourceLoc loc;
    std::string owner;
    std::string materialized; // models, snapshots and seeds
    std::vector<std::string> tags;
    core::NodeState state; // how far the pipeline got (models, snapshots, analyses, singular tests)
    // Position in the matching core::Project vector (models and snapshots: models; analyses:
    // analyses; tests: see test_kind).
    std::size_t index = 0;
    // Tests only: which kind and which spec.
    enum class TestKind { None, Generic, Singular } test_kind = TestKind::None;
    std::string attached_to; // generic tests: unique_id of the resource the test is declared on
    std::size_t spec_index = 0; // generic tests: index into the resource's TestSpec list (columns' too)
};

class Graph {
public:
    const std::vector<Node>& nodes() const { return m_nodes; }
    const Node& node(NodeId id) const { return m_nodes[id]; }
    const std::vector<NodeId>& parents(NodeId id) const { return m_parents[id]; }
    const std::vector<NodeId>& children(NodeId id) const { return m_children[id]; }
    std::size_t size() const { return m_nodes.size(); }

    // Lookup by unique id, or by name for models/seeds/snapshots/exposures/pipelines/tests,
    // or "source_name.table" for sources. A model's name finds each of its versions.
    const NodeId* find_unique_id(std::string_view uid) const;
    std::vector<NodeId> find_name(std::string_view name) const;

    // Nodes in an order where every parent precedes its children; cyclic nodes are left out.
    const std::vector<NodeId>& topological_order() const { return m_topo; }
    bool has_cycle() const { return m_topo.size() != m_nodes.size(); }

    // Ancestors / descendants up to `depth` edges away (-1 = unlimited), not including `id`.
    std::vector<NodeId> ancestors(NodeId id, int depth = -1) const;
    std::vector<NodeId> descendants(NodeId id, int depth = -1) const;

    // The pipeline's later stages (column lineage) refine a node's status after building.
    void set_state(NodeId id, core::NodeState state) { m_nodes[id].state = std::move(state); }

    // Building (used by build_graph).
    void reserve(std::size_t nodes); // room for this many nodes, so that adding them never reallocates
    NodeId add_node(Node n);
    // Adds `count` empty nodes and returns the first one's id, for a builder that fills them in
    // parallel (node_to_fill) and then indexes each, in order, before anything looks it up.
    NodeId add_empty_nodes(std::size_t count);
    Node& node_to_fill(NodeId id) { return m_nodes[id]; }
    void index_node(NodeId id);
    void add_edge(NodeId parent, NodeId child);
    // Computes the topological order; reports each cycle found as a located error [GR004].
    void finish(core::DiagnosticSink& sink);

private:
    // Node ids by a string of the node: its unique id, its name, or a prefix of its name (a
    // versioned model's name without ".v2"). Open addressing, linear probing; the strings stay
    // in the nodes and a lookup compares against them, so no key is copied and a lookup by
    // string_view allocates nothing.
    struct Slot {
        std::uint64_t hash = 0;
        NodeId id = k_no_node;
        std::uint32_t length = 0; // of the key: the whole field, or a prefix of the name
    };
    struct Index {
        std::vector<Slot> slots; // a power of two in size, at most half full
        std::size_t count = 0;
    };
    static constexpr NodeId k_no_node = 0xffffffffu;
    static void index_reserve(Index& index, std::size_t keys);
    static void index_insert(Index& index, std::uint64_t hash, NodeId id, std::size_t length);
    std::vector<NodeId> walk(NodeId id, int depth, bool up) const;

    std::vector<Node> m_nodes;
    std::vector<std::vector<NodeId>> m_parents;
    std::vector<std::vector<NodeId>> m_children;
    Index m_by_uid;  // keys: Node::unique_id
    Index m_by_name; // keys: Node::name or a prefix of it; a name may have several nodes
    std::vector<NodeId> m_topo;
};

// Builds the graph of a rendered project. Reports unknown refs [GR001], unknown sources [GR002],
// duplicate resource names [GR003] and cycles [GR004] to `sink`, each located. Uses up to
// `jobs` threads (0: util::default_jobs()).
Graph build_graph(const core::Project& project, core::DiagnosticSink& sink, unsigned jobs = 0);

// A ref or source call as written in YAML: "ref('x')", "ref('pkg', 'x')", "source('a', 'b')".
struct CallText {
    std::string fn; // "ref" or "source"
    std::vector<std::string> args;
};
// Parses call text; false when it is neither a ref with one or two arguments nor a source with
// two. Keyword arguments (v=2) are ignored.
bool parse_call_text(std::string_view text, CallText& out);

// The quoted parts of a rendered relation ("schema"."name", `a`.`b`) without their quotes.
std::vector<std::string> relation_parts(std::string_view relation);

// dbt's name for a generic test, e.g. "not_null_stg_orders_order_id".
std::string generic_test_name(const core::TestSpec& spec, std::string_view resource_name);

} // namespace dpipe::graph
