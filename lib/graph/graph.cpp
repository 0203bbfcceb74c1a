#include "graph/graph.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>

namespace dpipe::graph {

const char* node_type_name(NodeType t) {
    switch (t) {
    case NodeType::Model: return "model";
    case NodeType::Snapshot: return "snapshot";
    case NodeType::Seed: return "seed";
    case NodeType::Source: return "source";
    case NodeType::Test: return "test";
    case NodeType::UnitTest: return "unit_test";
    case NodeType::Exposure: return "exposure";
    case NodeType::Pipeline: return "pipeline";
    case NodeType::Analysis: return "analysis";
    case NodeType::SemanticModel: return "semantic_model";
    case NodeType::Metric: return "metric";
    case NodeType::SavedQuery: return "saved_query";
    }
    return "model";
}

const std::vector<std::string>& node_type_names() {
    static const std::vector<std::string> k_names = [] {
        std::vector<std::string> out;
        for (int t = 0; t <= static_cast<int>(NodeType::SavedQuery); ++t) {
            out.emplace_back(node_type_name(static_cast<NodeType>(t)));
        }
        return out;
    }();
    return k_names;
}

namespace {

std::uint64_t key_hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

} // namespace

void Graph::index_reserve(Index& index, std::size_t keys) {
    std::size_t size = 16;
    while (size < 2 * keys) {
        size *= 2;
    }
    if (size <= index.slots.size()) {
        return;
    }
    std::vector<Slot> slots(size);
    const std::size_t mask = size - 1;
    for (const Slot& s : index.slots) {
        if (s.id == k_no_node) {
            continue;
        }
        std::size_t i = s.hash & mask;
        while (slots[i].id != k_no_node) {
            i = (i + 1) & mask;
        }
        slots[i] = s;
    }
    index.slots = std::move(slots);
}

void Graph::index_insert(Index& index, std::uint64_t hash, NodeId id, std::size_t length) {
    if (2 * (index.count + 1) > index.slots.size()) {
        index_reserve(index, 2 * (index.count + 1));
    }
    const std::size_t mask = index.slots.size() - 1;
    std::size_t i = hash & mask;
    while (index.slots[i].id != k_no_node) {
        i = (i + 1) & mask;
    }
    index.slots[i] = Slot{hash, id, static_cast<std::uint32_t>(length)};
    ++index.count;
}

const NodeId* Graph::find_unique_id(std::string_view uid) const {
    if (m_by_uid.slots.empty()) {
        return nullptr;
    }
    const std::uint64_t hash = key_hash(uid);
    const std::size_t mask = m_by_uid.slots.size() - 1;
    // A duplicate unique id (reported while building) finds the node added first.
    const NodeId* found = nullptr;
    for (std::size_t i = hash & mask; m_by_uid.slots[i].id != k_no_node; i = (i + 1) & mask) {
        const Slot& s = m_by_uid.slots[i];
        if (s.hash == hash && (found == nullptr || s.id < *found) && m_nodes[s.id].unique_id == uid) {
            found = &s.id;
        }
    }
    return found;
}

std::vector<NodeId> Graph::find_name(std::string_view name) const {
    std::vector<NodeId> out;
    if (m_by_name.slots.empty()) {
        return out;
    }
    const std::uint64_t hash = key_hash(name);
    const std::size_t mask = m_by_name.slots.size() - 1;
    for (std::size_t i = hash & mask; m_by_name.slots[i].id != k_no_node; i = (i + 1) & mask) {
        const Slot& s = m_by_name.slots[i];
        if (s.hash == hash && s.length == name.size() &&
            std::string_view(m_nodes[s.id].name).substr(0, s.length) == name) {
            out.push_back(s.id);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void Graph::reserve(std::size_t nodes) {
    m_nodes.reserve(nodes);
    m_parents.reserve(nodes);
    m_children.reserve(nodes);
    index_reserve(m_by_uid, nodes);
    index_reserve(m_by_name, nodes);
}

NodeId Graph::add_node(Node n) {
    NodeId id = add_empty_nodes(1);
    m_nodes[id] = std::move(n);
    index_node(id);
    return id;
}

NodeId Graph::add_empty_nodes(std::size_t count) {
    const std::size_t first = m_nodes.size();
    if (count >= k_no_node - first) {
        throw std::length_error("too many graph nodes");
    }
    m_nodes.resize(first + count);
    m_parents.resize(first + count);
    m_children.resize(first + count);
    return static_cast<NodeId>(first);
}

void Graph::index_node(NodeId id) {
    const Node& n = m_nodes[id];
    index_insert(m_by_uid, key_hash(n.unique_id), id, n.unique_id.size());
    index_insert(m_by_name, key_hash(n.name), id, n.name.size());
    if (!n.version.empty() && n.name.size() > n.version.size() + 2) {
        // "dim_customers.v2" is also found as "dim_customers", as dbt selects every version.
        std::string_view model = std::string_view(n.name).substr(0, n.name.size() - n.version.size() - 2);
        index_insert(m_by_name, key_hash(model), id, model.size());
    }
}

void Graph::add_edge(NodeId parent, NodeId child) {
    auto& ps = m_parents[child];
    if (parent == child && m_nodes[child].type != NodeType::Model) {
        return;
    }
    if (std::find(ps.begin(), ps.end(), parent) != ps.end()) {
        return;
    }
    ps.push_back(parent);
    m_children[parent].push_back(child);
}

void Graph::finish(core::DiagnosticSink& sink) {
    std::size_t n = m_nodes.size();
    std::vector<std::size_t> indegree(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::sort(m_parents[i].begin(), m_parents[i].end());
        std::sort(m_children[i].begin(), m_children[i].end());
        indegree[i] = m_parents[i].size();
    }
    m_topo.clear();
    m_topo.reserve(n);
    std::deque<NodeId> ready;
    for (std::size_t i = 0; i < n; ++i) {
        if (indegree[i] == 0) {
            ready.push_back(static_cast<NodeId>(i));
        }
    }
    while (!ready.empty()) {
        NodeId id = ready.front();
        ready.pop_front();
        m_topo.push_back(id);
        for (NodeId c : m_children[id]) {
            if (--indegree[c] == 0) {
                ready.push_back(c);
            }
        }
    }
    if (m_topo.size() == n) {
        return;
    }
    // Every node left has a parent in a cycle or is on one. Walk parents among the leftovers
    // until a node repeats: that closes a cycle. Report each cycle once.
    std::vector<char> reported(n, 0);
    for (std::size_t start = 0; start < n; ++start) {
        if (indegree[start] == 0 || reported[start]) {
            continue;
        }
        std::vector<NodeId> path;
        std::vector<int> pos(n, -1);
        NodeId cur = static_cast<NodeId>(start);
        while (pos[cur] < 0) {
            pos[cur] = static_cast<int>(path.size());
            path.push_back(cur);
            NodeId next = cur;
            for (NodeId p : m_parents[cur]) {
                if (indegree[p] > 0) {
                    next = p;
                    break;
                }
            }
            cur = next;
        }
        std::vector<NodeId> cycle(path.begin() + pos[cur], path.end());
        bool seen = std::any_of(cycle.begin(), cycle.end(), [&](NodeId x) { return reported[x]; });
        for (NodeId x : path) {
            reported[x] = 1;
        }
        if (seen) {
            continue;
        }
        // Parents were followed, so reverse to print in data-flow order, starting at the
        // smallest name for a stable message.
        std::reverse(cycle.begin(), cycle.end());
        auto first = std::min_element(cycle.begin(), cycle.end(), [&](NodeId a, NodeId b) {
            return m_nodes[a].name < m_nodes[b].name;
        });
        std::rotate(cycle.begin(), first, cycle.end());
        std::string text;
        for (NodeId x : cycle) {
            text += m_nodes[x].name + " -> ";
        }
        text += m_nodes[cycle.front()].name;
        core::Diagnostic d{core::Severity::Error, "GR004", m_nodes[cycle.front()].loc,
                           "dependency cycle: " + text, {}};
        for (NodeId x : cycle) {
            d.notes.push_back(m_nodes[x].name + " is defined at " + m_nodes[x].loc.str());
        }
        sink.report(std::move(d));
    }
}

std::vector<NodeId> Graph::walk(NodeId id, int depth, bool up) const {
    std::vector<int> dist(m_nodes.size(), -1);
    std::vector<NodeId> out;
    std::deque<NodeId> queue{id};
    dist[id] = 0;
    while (!queue.empty()) {
        NodeId cur = queue.front();
        queue.pop_front();
        if (depth >= 0 && dist[cur] >= depth) {
            continue;
        }
        for (NodeId next : up ? m_parents[cur] : m_children[cur]) {
            if (dist[next] < 0) {
                dist[next] = dist[cur] + 1;
                out.push_back(next);
                queue.push_back(next);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool parse_call_text(std::string_view text, CallText& out) {
    text = util::trim(text);
    std::size_t open = text.find('(');
    if (open == std::string_view::npos || text.back() != ')') {
        return false;
    }
    out.fn = std::string(util::trim(text.substr(0, open)));
    out.args.clear();
    std::string_view inner = text.substr(open + 1, text.size() - open - 2);
    for (auto part : util::split(inner, ',')) {
        part = util::trim(part);
        if (part.size() >= 2 && (part.front() == '\'' || part.front() == '"') &&
            part.back() == part.front()) {
            out.args.emplace_back(part.substr(1, part.size() - 2));
        } else if (part.find('=') != std::string_view::npos) {
            continue;
        } else {
            return false;
        }
    }
    return (out.fn == "ref" && (out.args.size() == 1 || out.args.size() == 2)) ||
           (out.fn == "source" && out.args.size() == 2);
}

std::vector<std::string> relation_parts(std::string_view rel) {
    std::vector<std::string> parts(1);
    char quote = 0;
    for (std::size_t i = 0; i < rel.size(); ++i) {
        char c = rel[i];
        if (quote != 0) {
            if (c == quote && i + 1 < rel.size() && rel[i + 1] == quote) {
                parts.back() += c;
                ++i;
            } else if (c == quote) {
                quote = 0;
            } else {
                parts.back() += c;
            }
        } else if (c == '"' || c == '`') {
            quote = c;
        } else if (c == '.') {
            parts.emplace_back();
        } else {
            parts.back() += c;
        }
    }
    return parts;
}

std::vector<NodeId> Graph::ancestors(NodeId id, int depth) const { return walk(id, depth, true); }
std::vector<NodeId> Graph::descendants(NodeId id, int depth) const { return walk(id, depth, false); }

} // namespace dpipe::graph
