#include "plan/scope.hpp"

#include "plan/facts.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

namespace dpipe::plan::detail {

namespace {

using graph::NodeId;
using graph::NodeType;

bool has_own_file(const graph::Node& n) {
    return n.type == NodeType::Model || n.type == NodeType::Snapshot || n.type == NodeType::Seed ||
           (n.type == NodeType::Test && n.test_kind == graph::Node::TestKind::Singular);
}

// The settings every node's facts may read, equal on both sides. The change set already lists
// the files they come from; this also covers files git does not track (installed packages).
bool same_shared_inputs(const core::Project& a, const core::Project& b) {
    if (a.name != b.name || a.dialect != b.dialect || a.vars != b.vars ||
        a.defaults != b.defaults || a.dbt_configs != b.dbt_configs ||
        a.macros.size() != b.macros.size() || a.packages.size() != b.packages.size() ||
        a.groups.size() != b.groups.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.macros.size(); ++i) {
        if (a.macros[i].path != b.macros[i].path ||
            a.macros[i].content_id != b.macros[i].content_id ||
            a.macros[i].package != b.macros[i].package) {
            return false;
        }
    }
    for (std::size_t i = 0; i < a.packages.size(); ++i) {
        if (a.packages[i].root != b.packages[i].root || a.packages[i].vars != b.packages[i].vars ||
            a.packages[i].dbt_configs != b.packages[i].dbt_configs) {
            return false;
        }
    }
    for (std::size_t i = 0; i < a.groups.size(); ++i) {
        const auto& x = a.groups[i];
        const auto& y = b.groups[i];
        if (x.name != y.name || x.owner_name != y.owner_name || x.owner_email != y.owner_email ||
            x.description != y.description) {
            return false;
        }
    }
    return true;
}

// The rendered SQL of a SQL node, for the logic facet without building it.
struct Logic {
    const core::Rendered* rendered = nullptr;
    const std::string* content_id = nullptr;
};

Logic logic_of(const Side& side, const graph::Node& n) {
    const auto& p = side.snapshot->project;
    if (n.type == NodeType::Model || n.type == NodeType::Snapshot) {
        return {&p.models[n.index].rendered, &p.models[n.index].content_id};
    }
    if (n.type == NodeType::Test && n.test_kind == graph::Node::TestKind::Singular) {
        return {&p.singular_tests[n.index].rendered, &p.singular_tests[n.index].content_id};
    }
    return {};
}

} // namespace

const git::FileChange* change_of(const git::ChangeSet* set, const std::string& path) {
    if (set == nullptr) {
        return nullptr;
    }
    auto it = std::lower_bound(
        set->changes.begin(), set->changes.end(), path,
        [](const git::FileChange& c, const std::string& p) { return c.path() < p; });
    return it != set->changes.end() && it->path() == path ? &*it : nullptr;
}

void own_files(const Side& side, NodeId id, std::vector<const std::string*>& out) {
    const auto& p = side.snapshot->project;
    const auto& g = side.snapshot->graph;
    const graph::Node& n = g.node(id);
    switch (n.type) {
    case NodeType::Model:
    case NodeType::Snapshot:
        out.push_back(&p.models[n.index].path);
        out.push_back(&p.models[n.index].properties_loc.file);
        break;
    case NodeType::Seed:
        out.push_back(&p.seeds[n.index].path);
        out.push_back(&p.seeds[n.index].properties_loc.file);
        break;
    case NodeType::Source:
        out.push_back(&p.sources[n.index].loc.file);
        break;
    case NodeType::Test:
        if (n.test_kind == graph::Node::TestKind::Singular) {
            out.push_back(&p.singular_tests[n.index].path);
        } else if (const core::TestSpec* spec = generic_spec(p, g, n)) {
            out.push_back(&spec->loc.file);
        }
        break;
    case NodeType::UnitTest:
        out.push_back(&p.unit_tests[n.index].loc.file);
        break;
    case NodeType::Exposure:
        out.push_back(&p.exposures[n.index].loc.file);
        break;
    case NodeType::Pipeline:
        out.push_back(&p.pipelines[n.index].path);
        break;
    case NodeType::Analysis:
        out.push_back(&p.analyses[n.index].path);
        out.push_back(&p.analyses[n.index].properties_loc.file);
        break;
    case NodeType::SemanticModel:
        out.push_back(&p.semantic_models[n.index].loc.file);
        break;
    case NodeType::Metric:
        out.push_back(&p.metrics[n.index].loc.file);
        break;
    case NodeType::SavedQuery:
        out.push_back(&p.saved_queries[n.index].loc.file);
        break;
    }
}

Matching match_nodes(const CompareInput& in) {
    Matching m;
    const auto& bg = in.base.snapshot->graph;
    const auto& hg = in.head.snapshot->graph;
    std::vector<NodeId> only_base;
    std::vector<NodeId> only_head;
    for (NodeId id = 0; id < bg.size(); ++id) {
        if (const NodeId* h = hg.find_unique_id(bg.node(id).unique_id)) {
            m.pairs.emplace_back(id, *h);
        } else {
            only_base.push_back(id);
        }
    }
    if (m.pairs.size() != hg.size()) {
        for (NodeId id = 0; id < hg.size(); ++id) {
            if (bg.find_unique_id(hg.node(id).unique_id) == nullptr) {
                only_head.push_back(id);
            }
        }
    }
    // Moves: a git rename of the node's file, else the same file content. Candidates in head
    // are looked up by their old path and by blob id, so this stays linear in the nodes.
    std::set<NodeId> moved_head;
    std::set<NodeId> moved_base;
    std::multimap<std::string, NodeId> head_by_old_path;
    std::multimap<std::string, NodeId> head_by_blob;
    for (NodeId h : only_head) {
        const auto& hn = hg.node(h);
        if (!has_own_file(hn)) {
            continue;
        }
        const auto* fc = change_of(in.changes, hn.path);
        if (fc != nullptr && fc->status == git::ChangeStatus::Moved) {
            head_by_old_path.emplace(fc->old_path, h);
        }
        auto id = facts_of(in.head, h).file_id;
        if (!id.empty()) {
            head_by_blob.emplace(id, h);
        }
    }
    auto take = [&](const std::multimap<std::string, NodeId>& index, const std::string& key,
                    NodeId b) {
        auto [lo, hi] = index.equal_range(key);
        for (auto it = lo; it != hi; ++it) {
            NodeId h = it->second;
            if (!moved_head.count(h) && hg.node(h).type == bg.node(b).type) {
                moved_head.insert(h);
                moved_base.insert(b);
                m.pairs.emplace_back(b, h);
                return true;
            }
        }
        return false;
    };
    for (NodeId b : only_base) {
        const auto& bn = bg.node(b);
        if (!has_own_file(bn)) {
            continue;
        }
        if (!take(head_by_old_path, bn.path, b)) {
            auto id = facts_of(in.base, b).file_id;
            if (!id.empty()) {
                take(head_by_blob, id, b);
            }
        }
    }
    for (NodeId b : only_base) {
        if (!moved_base.count(b)) {
            m.only_base.push_back(b);
        }
    }
    for (NodeId h : only_head) {
        if (!moved_head.count(h)) {
            m.only_head.push_back(h);
        }
    }
    return m;
}

Scope::Scope(const CompareInput& in) : m_in(in) {
    if (in.changes == nullptr ||
        !same_shared_inputs(in.base.snapshot->project, in.head.snapshot->project)) {
        return;
    }
    for (const auto& fc : in.changes->changes) {
        for (const auto* p : {&fc.old_path, &fc.new_path}) {
            if (!p->empty()) {
                m_changed.insert(*p);
            }
        }
    }
    // Every changed file must be some node's own file (on either side); anything else (macros,
    // docs, project settings, fixtures) may reach any node. A node whose own file is no own file
    // on the other side may differ too: head reads files git does not list (ignored ones).
    std::unordered_set<std::string> own;
    std::unordered_set<std::string_view> side_files[2];
    std::vector<const std::string*> files;
    const Side* sides[2] = {&in.base, &in.head};
    for (int k = 0; k < 2; ++k) {
        const auto& g = sides[k]->snapshot->graph;
        auto& dirty = k == 0 ? m_base_dirty : m_head_dirty;
        dirty.assign(g.size(), false);
        for (NodeId id = 0; id < g.size(); ++id) {
            files.clear();
            own_files(*sides[k], id, files);
            for (const std::string* f : files) {
                if (f->empty()) {
                    continue;
                }
                side_files[k].insert(*f);
                if (m_changed.count(*f)) {
                    own.insert(*f);
                    dirty[id] = true;
                }
            }
        }
    }
    for (int k = 0; k < 2; ++k) {
        const auto& g = sides[k]->snapshot->graph;
        auto& dirty = k == 0 ? m_base_dirty : m_head_dirty;
        const auto& other = side_files[1 - k];
        for (NodeId id = 0; id < g.size(); ++id) {
            files.clear();
            own_files(*sides[k], id, files);
            for (const std::string* f : files) {
                if (!f->empty() && !other.count(*f)) {
                    dirty[id] = true;
                }
            }
        }
    }
    for (const Side* side : sides) {
        for (const auto& group : side->snapshot->project.groups) {
            if (m_changed.count(group.loc.file)) {
                return; // a group's owner reaches every node of the group
            }
        }
    }
    if (own.size() != m_changed.size()) {
        return;
    }
    m_everything = false;
}

bool Scope::may_differ(NodeId b, NodeId h) const {
    if (m_everything) {
        return true;
    }
    const auto& bn = m_in.base.snapshot->graph.node(b);
    const auto& hn = m_in.head.snapshot->graph.node(h);
    if (bn.type != hn.type || bn.path != hn.path || bn.unique_id != hn.unique_id) {
        return true;
    }
    if ((b < m_base_dirty.size() && m_base_dirty[b]) ||
        (h < m_head_dirty.size() && m_head_dirty[h])) {
        return true;
    }
    Logic lb = logic_of(m_in.base, bn);
    Logic lh = logic_of(m_in.head, hn);
    if (lb.rendered != nullptr && lh.rendered != nullptr) {
        if (lb.rendered->done != lh.rendered->done || *lb.content_id != *lh.content_id ||
            (lb.rendered->done && lb.rendered->content_hash != lh.rendered->content_hash)) {
            return true;
        }
    }
    if (bn.type == NodeType::Model || bn.type == NodeType::Snapshot) {
        // config() in the SQL may read what other files decide (the relation of a ref).
        const auto& mb = m_in.base.snapshot->project.models[bn.index];
        const auto& mh = m_in.head.snapshot->project.models[hn.index];
        if (mb.config != mh.config || mb.owner != mh.owner) {
            return true;
        }
    }
    return false;
}

} // namespace dpipe::plan::detail
