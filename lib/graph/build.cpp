// Turns a rendered core::Project into the lineage Graph.

#include "graph/graph.hpp"
#include "graph/selector.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace dpipe::graph {

namespace {

// Keeps letters and digits; any run of other characters becomes one '_', none at the ends.
std::string sanitize(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    return out;
}

Node make_node(NodeType type, std::string uid, std::string name, std::string path,
               core::SourceLoc loc) {
    Node n;
    n.type = type;
    n.unique_id = std::move(uid);
    n.name = std::move(name);
    n.path = std::move(path);
    n.loc = std::move(loc);
    return n;
}

class Builder {
public:
    Builder(const core::Project& p, core::DiagnosticSink& sink, unsigned jobs) : m_p(p), m_sink(sink), m_jobs(jobs) {}

    Graph build() {
        m_g.reserve(expected_nodes());
        add_resources();
        add_model_edges();
        add_tests();
        add_exposures();
        add_semantic_layer();
        add_pipelines();
        m_g.finish(m_sink);
        return std::move(m_g);
    }

private:
    // How many nodes the project makes, so that the graph is allocated once.
    std::size_t expected_nodes() const {
        std::size_t n = m_p.models.size() + m_p.seeds.size() + m_p.sources.size() +
                        m_p.singular_tests.size() + m_p.unit_tests.size() + m_p.exposures.size() +
                        m_p.pipelines.size() + m_p.analyses.size() + m_p.semantic_models.size() +
                        m_p.metrics.size() + m_p.saved_queries.size();
        for (const auto& m : m_p.models) {
            n += m.tests.size();
        }
        for (const auto& s : m_p.seeds) {
            n += s.tests.size();
        }
        for (const auto& s : m_p.sources) {
            n += s.tests.size();
        }
        return n;
    }

    void add_resources() {
        for (std::size_t i = 0; i < m_p.seeds.size(); ++i) {
            const auto& s = m_p.seeds[i];
            const std::string& pkg = package(s.package);
            Node n = make_node(NodeType::Seed, "seed." + pkg + "." + s.name, s.name, s.path, s.loc);
            n.owner = s.owner;
            n.materialized = "seed";
            n.tags = s.tags;
            n.index = i;
            add_named(std::move(n));
        }
        for (std::size_t i = 0; i < m_p.models.size(); ++i) {
            const auto& m = m_p.models[i];
            if (!m.enabled()) {
                m_disabled.insert(m.name);
                continue;
            }
            NodeType t = m.is_snapshot ? NodeType::Snapshot : NodeType::Model;
            const std::string& pkg = package(m.package);
            std::string name = m.node_name();
            Node n = make_node(t, std::string(node_type_name(t)) + "." + pkg + "." + name, name, m.path, m.loc);
            n.version = m.version;
            n.owner = m.owner;
            n.materialized = m.materialized();
            n.tags = m.tags;
            n.state = m.state;
            n.index = i;
            NodeId id = add_named(std::move(n));
            if (m.latest_version && id != k_none) {
                // An unpinned ref('m') reads the latest version; a model file of that very
                // name keeps it.
                m_qualified.emplace(pkg + "." + m.name, id);
                auto [it, inserted] = m_relations.emplace(m.name, id);
                if (!inserted && pkg == m_p.name && package_of(m_g.node(it->second).unique_id) != m_p.name) {
                    it->second = id;
                }
            }
        }
        for (std::size_t i = 0; i < m_p.analyses.size(); ++i) {
            const auto& a = m_p.analyses[i];
            Node n = make_node(NodeType::Analysis, "analysis." + package(a.package) + "." + a.name, a.name, a.path,
                               a.loc);
            n.owner = a.owner;
            n.tags = a.tags;
            n.state = a.state;
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            m_analysis_nodes.push_back(id);
        }
        for (std::size_t i = 0; i < m_p.sources.size(); ++i) {
            const auto& s = m_p.sources[i];
            std::string name = s.source_name + "." + s.name;
            const std::string& pkg = package(s.package);
            Node n = make_node(NodeType::Source, "source." + pkg + "." + name, name, s.loc.file, s.loc);
            n.owner = s.owner;
            n.tags = s.tags;
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            // source() finds the project's own table first, then an installed package's.
            auto [it, inserted] = m_sources.emplace(name, id);
            if (!inserted && pkg == m_p.name) {
                it->second = id;
            }
        }
    }

    // The package a resource belongs to: its own, else the project.
    const std::string& package(const std::string& own) const { return own.empty() ? m_p.name : own; }

    // The package part of a unique id ("model.<package>.<name>"), a view into it.
    static std::string_view package_of(std::string_view unique_id) {
        std::size_t a = unique_id.find('.');
        std::size_t b = a == std::string::npos ? a : unique_id.find('.', a + 1);
        return b == std::string::npos ? std::string_view() : unique_id.substr(a + 1, b - a - 1);
    }

    // Models, snapshots and seeds by name. The same name may be used once per package: ref('x')
    // finds the project's own first, then an installed package's; ref('pkg', 'x') finds the
    // package's (m_qualified).
    static constexpr NodeId k_none = static_cast<NodeId>(-1);

    // Returns the new node, or k_none for a duplicate (reported).
    NodeId add_named(Node n) {
        std::string pkg(package_of(n.unique_id)); // a copy: `n` is moved into the graph below
        std::string qualified = pkg + "." + n.name;
        if (auto dup = m_qualified.find(qualified); dup != m_qualified.end()) {
            const Node& first = m_g.node(dup->second);
            core::Diagnostic d{core::Severity::Error, "GR003", n.loc,
                               std::string(node_type_name(n.type)) + " name '" + n.name +
                                   "' is already used by " + first.path,
                               {"first defined at " + first.loc.str()}};
            m_sink.report(std::move(d));
            return k_none;
        }
        std::string name = n.name;
        NodeId id = m_g.add_node(std::move(n));
        m_qualified.emplace(std::move(qualified), id);
        auto [it, inserted] = m_relations.emplace(std::move(name), id);
        if (!inserted && pkg == m_p.name) {
            it->second = id; // the project's own wins over a package's
        }
        return id;
    }

    // Resolves a ref; reports GR001 with a suggestion when unknown.
    const NodeId* resolve_ref(const std::string& name, const core::SourceLoc& loc) {
        auto it = m_relations.find(name);
        if (it != m_relations.end()) {
            return &it->second;
        }
        std::vector<std::string> names;
        for (const auto& [k, v] : m_relations) {
            names.push_back(k);
        }
        std::sort(names.begin(), names.end());
        std::string msg = "unknown ref '" + name + "'";
        std::string hint = util::closest_match(name, names);
        if (!hint.empty()) {
            msg += ", did you mean '" + hint + "'?";
        }
        m_sink.error("GR001", loc, msg);
        return nullptr;
    }

    const NodeId* resolve_source(const std::string& src, const std::string& table,
                                 const core::SourceLoc& loc) {
        auto it = m_sources.find(src + "." + table);
        if (it != m_sources.end()) {
            return &it->second;
        }
        std::vector<std::string> names;
        for (const auto& [k, v] : m_sources) {
            names.push_back(k);
        }
        std::sort(names.begin(), names.end());
        std::string msg = "unknown source '" + src + "." + table + "'";
        std::string hint = util::closest_match(src + "." + table, names);
        if (!hint.empty()) {
            msg += ", did you mean '" + hint + "'?";
        }
        m_sink.error("GR002", loc, msg);
        return nullptr;
    }

    // ref('pkg', 'x') finds x in that package (the project's name is a package too); ref('x')
    // from a package's node finds the project's own x first, then the package's.
    const NodeId* resolve_ref_of(const core::Ref& ref, const std::string& from_package) {
        if (!ref.version.empty()) {
            // ref('m', v=2): the version's node, named "m.v2".
            core::Ref pinned = ref;
            pinned.name = ref.name + ".v" + ref.version;
            pinned.version.clear();
            return resolve_ref_of(pinned, from_package);
        }
        if (!ref.package.empty()) {
            auto it = m_qualified.find(ref.package + "." + ref.name);
            if (it != m_qualified.end()) {
                return &it->second;
            }
        } else if (!from_package.empty() && from_package != m_p.name) {
            auto own = m_qualified.find(m_p.name + "." + ref.name);
            if (own != m_qualified.end()) {
                return &own->second;
            }
            auto it = m_qualified.find(from_package + "." + ref.name);
            if (it != m_qualified.end()) {
                return &it->second;
            }
        }
        return resolve_ref(ref.name, ref.loc);
    }

    void link_rendered(const core::Rendered& r, NodeId child) {
        std::string from(package_of(m_g.node(child).unique_id));
        for (const auto& ref : r.refs) {
            if (const NodeId* p = resolve_ref_of(ref, from)) {
                m_g.add_edge(*p, child);
            }
        }
        for (const auto& s : r.sources) {
            if (const NodeId* p = resolve_source(s.source_name, s.table_name, s.loc)) {
                m_g.add_edge(*p, child);
            }
        }
    }

    void add_model_edges() {
        for (const auto& m : m_p.models) {
            if (!m.enabled()) {
                continue;
            }
            auto it = m_qualified.find(package(m.package) + "." + m.node_name());
            if (it == m_qualified.end() || m_g.node(it->second).path != m.path) {
                continue; // a duplicate, already reported
            }
            link_rendered(m.rendered, it->second);
        }
        for (std::size_t i = 0; i < m_analysis_nodes.size(); ++i) {
            link_rendered(m_p.analyses[i].rendered, m_analysis_nodes[i]);
        }
    }

    void link_call_text(const std::string& text, const core::SourceLoc& loc, NodeId child) {
        CallText call;
        if (!parse_call_text(text, call)) {
            m_sink.error("GR005", loc,
                         "cannot read '" + text + "': expected ref('name') or source('source', 'table')");
            return;
        }
        const NodeId* p = call.fn == "ref" ? resolve_ref(call.args.back(), loc)
                                           : resolve_source(call.args[0], call.args[1], loc);
        if (p) {
            m_g.add_edge(*p, child);
        }
    }

    bool points_to_disabled(const core::TestSpec& spec) const {
        auto to = spec.args.find("to");
        if (to == spec.args.end() || !to->is_string()) {
            return false;
        }
        CallText call;
        if (!parse_call_text(to->get<std::string>(), call) || call.fn != "ref" || call.args.empty()) {
            return false;
        }
        return m_relations.count(call.args.back()) == 0 && m_disabled.count(call.args.back()) > 0;
    }

    // A generic test declared on a resource, before it is a node.
    struct PendingTest {
        NodeId owner;
        std::size_t spec_index;
        const core::TestSpec* spec;
        const std::string* resource; // what its name is built from: "stg_orders", "source_raw_orders"
    };

    // Fills `n` for a pending test; reads only the graph's resources and the project, so it runs
    // on any thread. Its unique id is made unique when it is indexed (add_tests).
    void make_generic_test(const PendingTest& t, Node& n) const {
        const Node& o = m_g.node(t.owner);
        const core::TestSpec& spec = *t.spec;
        const std::string_view pkg = package_of(o.unique_id);
        n.type = NodeType::Test;
        n.name = generic_test_name(spec, *t.resource);
        n.unique_id.reserve(6 + pkg.size() + n.name.size());
        n.unique_id.append("test.").append(pkg).append(".").append(n.name);
        n.path = spec.loc.valid() ? spec.loc.file : o.path;
        n.loc = spec.loc;
        n.owner = o.owner;
        n.test_kind = Node::TestKind::Generic;
        n.attached_to = o.unique_id;
        n.spec_index = t.spec_index;
        n.tags = o.tags;
    }

    void add_tests() {
        // The generic tests of the resources present now, in resource order. dbt names a
        // version's tests after "<model>_v<version>", a source's after "source_<source>_<table>".
        const NodeId resources = static_cast<NodeId>(m_g.size());
        std::vector<std::string> names(resources);
        std::vector<PendingTest> pending;
        for (NodeId id = 0; id < resources; ++id) {
            const Node& r = m_g.node(id);
            const std::vector<core::TestSpec>* specs = nullptr;
            switch (r.type) {
            case NodeType::Model:
            case NodeType::Snapshot:
                names[id] = m_p.models[r.index].default_alias();
                specs = &m_p.models[r.index].tests;
                break;
            case NodeType::Seed:
                names[id] = r.name;
                specs = &m_p.seeds[r.index].tests;
                break;
            case NodeType::Source:
                names[id] = "source_" + sanitize(r.name);
                specs = &m_p.sources[r.index].tests;
                break;
            default: break;
            }
            for (std::size_t i = 0; specs != nullptr && i < specs->size(); ++i) {
                if (!points_to_disabled((*specs)[i])) { // dbt disables a test whose `to` is disabled, without a word
                    pending.push_back({id, i, &(*specs)[i], &names[id]});
                }
            }
        }
        // Making the nodes (names, ids, copied strings) is most of the graph stage: it runs on all
        // threads, each node in its place; indexing and linking them stays in order.
        const NodeId first = m_g.add_empty_nodes(pending.size());
        util::parallel_for(
            pending.size(), [&](std::size_t k) { make_generic_test(pending[k], m_g.node_to_fill(first + k)); },
            m_jobs);
        for (std::size_t k = 0; k < pending.size(); ++k) {
            const NodeId id = first + static_cast<NodeId>(k);
            Node& n = m_g.node_to_fill(id);
            if (m_g.find_unique_id(n.unique_id)) {
                const std::string uid = n.unique_id, name = n.name;
                int suffix = 2;
                do {
                    n.unique_id = uid + "_" + std::to_string(suffix);
                    n.name = name + "_" + std::to_string(suffix);
                    ++suffix;
                } while (m_g.find_unique_id(n.unique_id));
            }
            m_g.index_node(id);
            m_g.add_edge(pending[k].owner, id);
            const core::TestSpec& spec = *pending[k].spec;
            auto to = spec.args.find("to");
            if (to != spec.args.end() && to->is_string()) {
                link_call_text(to->get<std::string>(), spec.loc, id);
            }
        }
        for (std::size_t i = 0; i < m_p.singular_tests.size(); ++i) {
            const auto& t = m_p.singular_tests[i];
            Node n = make_node(NodeType::Test, "test." + m_p.name + "." + t.name, t.name, t.path, t.loc);
            n.test_kind = Node::TestKind::Singular;
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            link_rendered(t.rendered, id);
        }
        for (std::size_t i = 0; i < m_p.unit_tests.size(); ++i) {
            const auto& u = m_p.unit_tests[i];
            Node n = make_node(NodeType::UnitTest, "unit_test." + m_p.name + "." + u.model + "." + u.name,
                   u.name, u.loc.file, u.loc);
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            if (const NodeId* p = resolve_ref(u.model, u.loc)) {
                m_g.add_edge(*p, id);
            }
            for (const auto& g : u.given) {
                link_call_text(g.input, g.loc, id);
            }
        }
    }

    void add_exposures() {
        for (std::size_t i = 0; i < m_p.exposures.size(); ++i) {
            const auto& e = m_p.exposures[i];
            Node n = make_node(NodeType::Exposure, "exposure." + m_p.name + "." + e.name, e.name, e.loc.file, e.loc);
            n.owner = e.owner_email.empty() ? e.owner_name : e.owner_email;
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            for (std::size_t k = 0; k < e.depends_on.size(); ++k) {
                const auto& loc = k < e.depends_on_locs.size() ? e.depends_on_locs[k] : e.loc;
                link_call_text(e.depends_on[k], loc, id);
            }
        }
    }

    // Semantic models read their model; metrics read the semantic models of their measures and
    // the metrics they are built on; saved queries read their metrics. What names nothing was
    // reported by the loader (LD071-LD073); an unknown model ref is GR001 here.
    void add_semantic_layer() {
        std::unordered_map<std::string, NodeId> by_measure;
        for (std::size_t i = 0; i < m_p.semantic_models.size(); ++i) {
            const auto& s = m_p.semantic_models[i];
            Node n = make_node(NodeType::SemanticModel, "semantic_model." + package(s.package) + "." + s.name, s.name,
                               s.loc.file, s.loc);
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            if (!s.model.empty()) {
                link_call_text(s.model, s.model_loc, id);
            }
            for (const auto& measure : s.measures) {
                by_measure.emplace(measure, id);
            }
        }
        std::unordered_map<std::string, NodeId> metrics;
        std::vector<NodeId> metric_ids;
        for (std::size_t i = 0; i < m_p.metrics.size(); ++i) {
            const auto& m = m_p.metrics[i];
            Node n = make_node(NodeType::Metric, "metric." + package(m.package) + "." + m.name, m.name, m.loc.file,
                               m.loc);
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            metrics.emplace(m.name, id);
            metric_ids.push_back(id);
        }
        for (std::size_t i = 0; i < m_p.metrics.size(); ++i) {
            for (const auto& measure : m_p.metrics[i].measures) {
                if (auto it = by_measure.find(measure); it != by_measure.end()) {
                    m_g.add_edge(it->second, metric_ids[i]);
                }
            }
            for (const auto& input : m_p.metrics[i].input_metrics) {
                if (auto it = metrics.find(input); it != metrics.end()) {
                    m_g.add_edge(it->second, metric_ids[i]);
                }
            }
        }
        for (std::size_t i = 0; i < m_p.saved_queries.size(); ++i) {
            const auto& q = m_p.saved_queries[i];
            Node n = make_node(NodeType::SavedQuery, "saved_query." + package(q.package) + "." + q.name, q.name,
                               q.loc.file, q.loc);
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            for (const auto& metric : q.metrics) {
                if (auto it = metrics.find(metric); it != metrics.end()) {
                    m_g.add_edge(it->second, id);
                }
            }
        }
    }

    void add_pipelines() {
        std::vector<std::pair<std::size_t, std::vector<NodeId>>> links;
        for (std::size_t i = 0; i < m_p.pipelines.size(); ++i) {
            const auto& p = m_p.pipelines[i];
            std::vector<NodeId> parents;
            for (const auto& step : p.steps) {
                auto sel = select(m_g, step.select);
                if (!sel) {
                    m_sink.error("GR006", step.loc,
                                 "pipeline step '" + step.name + "' selects nothing usable: " +
                                     sel.error().message);
                    continue;
                }
                for (NodeId id : *sel) {
                    auto t = m_g.node(id).type;
                    if (t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Seed) {
                        parents.push_back(id);
                    }
                }
            }
            links.emplace_back(i, std::move(parents));
        }
        for (auto& [i, parents] : links) {
            const auto& p = m_p.pipelines[i];
            Node n = make_node(NodeType::Pipeline, "pipeline." + m_p.name + "." + p.name, p.name, p.path, p.loc);
            n.owner = p.owner;
            n.index = i;
            NodeId id = m_g.add_node(std::move(n));
            for (NodeId parent : parents) {
                m_g.add_edge(parent, id);
            }
        }
    }

    const core::Project& m_p;
    core::DiagnosticSink& m_sink;
    unsigned m_jobs;
    Graph m_g;
    std::unordered_map<std::string, NodeId> m_relations; // models, snapshots, seeds by name
    std::unordered_map<std::string, NodeId> m_qualified; // the same by "<package>.<name>"
    std::unordered_set<std::string> m_disabled;          // names of disabled models
    std::vector<NodeId> m_analysis_nodes;                // the node of each analysis, in order
    std::unordered_map<std::string, NodeId> m_sources;   // "source.table"
};

} // namespace

std::string generic_test_name(const core::TestSpec& spec, std::string_view resource_name) {
    // A test given its own name (`- unique: {name: orders_id_is_unique}`) is known by it.
    if (auto given = spec.config.find("name");
        given != spec.config.end() && given->is_string() && !given->get_ref<const std::string&>().empty()) {
        return given->get<std::string>();
    }
    std::string base = spec.name;
    std::size_t dot = base.rfind('.');
    std::string name = (dot == std::string::npos ? base : base.substr(dot + 1)) + "_" +
                       std::string(resource_name);
    if (!spec.column.empty()) {
        name += "_" + sanitize(spec.column);
    }
    // Arguments distinguish tests of the same kind on the same column, as dbt does.
    for (const auto& [key, value] : spec.args.items()) {
        if (key == "column_name") {
            continue;
        }
        if (value.is_array()) {
            for (const auto& item : value) {
                name += "__" + sanitize(item.is_string() ? item.get<std::string>() : item.dump());
            }
        } else {
            name += "__" + sanitize(value.is_string() ? value.get<std::string>() : value.dump());
        }
    }
    if (name.size() > 120) {
        name = name.substr(0, 100) + "_" + std::to_string(std::hash<std::string>{}(name) % 100000);
    }
    return name;
}

Graph build_graph(const core::Project& project, core::DiagnosticSink& sink, unsigned jobs) {
    return Builder(project, sink, jobs).build();
}

} // namespace dpipe::graph
