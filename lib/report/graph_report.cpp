#include "report/graph_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace dpipe::report {

namespace {

using graph::NodeId;
using Json = nlohmann::ordered_json;

std::vector<NodeId> by_unique_id(const graph::Graph& g, std::vector<NodeId> ids) {
    std::sort(ids.begin(), ids.end(), [&](NodeId a, NodeId b) {
        return g.node(a).unique_id < g.node(b).unique_id;
    });
    return ids;
}

std::vector<char> membership(const graph::Graph& g, const std::vector<NodeId>& ids) {
    std::vector<char> in(g.size(), 0);
    for (NodeId id : ids) {
        in[id] = 1;
    }
    return in;
}

Json node_json(const graph::Graph& g, NodeId id) {
    const auto& n = g.node(id);
    Json j;
    j["unique_id"] = n.unique_id;
    j["type"] = graph::node_type_name(n.type);
    j["name"] = n.name;
    j["path"] = n.path;
    j["line"] = n.loc.line;
    j["owner"] = n.owner;
    if (!n.materialized.empty()) {
        j["materialized"] = n.materialized;
    }
    j["tags"] = n.tags;
    bool sql_node = n.type == graph::NodeType::Model || n.type == graph::NodeType::Snapshot ||
                    n.type == graph::NodeType::Analysis || n.test_kind == graph::Node::TestKind::Singular;
    if (sql_node) {
        j["status"] = core::node_status_name(n.state.status);
        if (n.state.status != core::NodeStatus::Ok) {
            j["reason"] = n.state.reason;
        }
    }
    Json deps = Json::array();
    for (NodeId p : g.parents(id)) {
        deps.push_back(g.node(p).unique_id);
    }
    std::sort(deps.begin(), deps.end());
    j["depends_on"] = deps;
    return j;
}

// A Mermaid node id for a unique id: letters and digits are kept, '_' becomes "__" and any other
// byte "_XX" (upper-case hex). The encoding is injective, so "a-b" and "a_b" never collide, and
// depends on nothing but the unique id, so ids stay the same across selections and revisions.
std::string mermaid_id(const std::string& uid) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out = "n_";
    for (char c : uid) {
        auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b)) {
            out += c;
        } else if (c == '_') {
            out += "__";
        } else {
            out += '_';
            out += k_hex[b >> 4];
            out += k_hex[b & 15];
        }
    }
    return out;
}

// A DOT quoted string: '"' and '\' escaped, line breaks as \n.
std::string dot_quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c != '\r') {
            out += c;
        }
    }
    return out + '"';
}

// A Mermaid quoted label: characters with a meaning to Mermaid or its HTML labels become
// entity codes, line breaks spaces.
std::string mermaid_label(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "#quot;"; break;
        case '#': out += "#35;"; break;
        case '<': out += "#lt;"; break;
        case '>': out += "#gt;"; break;
        case '\n':
        case '\r': out += ' '; break;
        default: out += c;
        }
    }
    return out + '"';
}

// One line per edge between selected nodes, children in id order: "  a<arrow>b<end>".
void write_edges(const graph::Graph& g, const std::vector<NodeId>& sorted, const std::vector<char>& in,
                 std::string (*id_of)(const std::string&), const char* arrow, const char* end,
                 std::string& out) {
    for (NodeId id : sorted) {
        std::vector<std::string> kids;
        for (NodeId c : g.children(id)) {
            if (in[c]) {
                kids.push_back(g.node(c).unique_id);
            }
        }
        std::sort(kids.begin(), kids.end());
        for (const auto& k : kids) {
            out += "  " + id_of(g.node(id).unique_id) + arrow + id_of(k) + end + "\n";
        }
    }
}

std::string dot_id(const std::string& uid) { return dot_quoted(uid); }

} // namespace

std::string ls_text(const graph::Graph& g, const std::vector<NodeId>& ids) {
    auto sorted = by_unique_id(g, ids);
    std::size_t wt = 4, wn = 4, wp = 4, owners = 0;
    for (NodeId id : sorted) {
        const auto& n = g.node(id);
        wt = std::max(wt, std::string_view(graph::node_type_name(n.type)).size());
        wn = std::max(wn, n.name.size());
        wp = std::max(wp, n.path.size());
        owners += std::max<std::size_t>(n.owner.size(), 1);
    }
    // Each line is at most the three padded columns, their separators, the owner and a newline:
    // the listing (13 MB for 60,000 resources) is allocated once and written in place.
    const std::size_t line = wt + wn + wp + 7;
    std::string out;
    out.reserve(line + 5 + line * sorted.size() + owners);
    auto column = [&out](std::string_view s, std::size_t w) {
        out.append(s);
        out.append(w - std::min(w, s.size()) + 2, ' ');
    };
    column("TYPE", wt);
    column("NAME", wn);
    column("PATH", wp);
    out += "OWNER\n";
    for (NodeId id : sorted) {
        const auto& n = g.node(id);
        const std::size_t start = out.size();
        column(graph::node_type_name(n.type), wt);
        column(n.name, wn);
        column(n.path, wp);
        out.append(n.owner.empty() ? std::string_view("-") : std::string_view(n.owner));
        while (out.size() > start && out.back() == ' ') {
            out.pop_back();
        }
        out += '\n';
    }
    return out;
}

std::string ls_json(const graph::Graph& g, const std::vector<NodeId>& ids) {
    Json doc;
    doc["version"] = 1;
    Json arr = Json::array();
    for (NodeId id : by_unique_id(g, ids)) {
        arr.push_back(node_json(g, id));
    }
    doc["resources"] = arr;
    return doc.dump(2) + '\n';
}

std::string graph_json(const graph::Graph& g, const std::vector<NodeId>& ids) {
    auto in = membership(g, ids);
    Json doc;
    doc["version"] = 1;
    Json nodes = Json::array();
    Json edges = Json::array();
    for (NodeId id : by_unique_id(g, ids)) {
        nodes.push_back(node_json(g, id));
        std::vector<std::string> kids;
        for (NodeId c : g.children(id)) {
            if (in[c]) {
                kids.push_back(g.node(c).unique_id);
            }
        }
        std::sort(kids.begin(), kids.end());
        for (const auto& k : kids) {
            edges.push_back(Json{{"from", g.node(id).unique_id}, {"to", k}});
        }
    }
    doc["nodes"] = nodes;
    doc["edges"] = edges;
    return doc.dump(2) + '\n';
}

std::string graph_dot(const graph::Graph& g, const std::vector<NodeId>& ids) {
    auto in = membership(g, ids);
    auto sorted = by_unique_id(g, ids);
    std::string out = "digraph dpipe {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
    for (NodeId id : sorted) {
        const auto& n = g.node(id);
        const char* shape = "box";
        switch (n.type) {
        case graph::NodeType::Source: shape = "cylinder"; break;
        case graph::NodeType::Seed: shape = "folder"; break;
        case graph::NodeType::Test:
        case graph::NodeType::UnitTest: shape = "note"; break;
        case graph::NodeType::Exposure: shape = "house"; break;
        case graph::NodeType::Pipeline: shape = "component"; break;
        default: break;
        }
        out += "  " + dot_id(n.unique_id) + " [label=" + dot_quoted(n.name) + ", shape=" + shape +
               "];\n";
    }
    write_edges(g, sorted, in, &dot_id, " -> ", ";", out);
    out += "}\n";
    return out;
}

std::string graph_mermaid(const graph::Graph& g, const std::vector<NodeId>& ids) {
    auto in = membership(g, ids);
    auto sorted = by_unique_id(g, ids);
    std::string out = "flowchart LR\n";
    for (NodeId id : sorted) {
        const auto& n = g.node(id);
        std::string open = "[", close = "]";
        switch (n.type) {
        case graph::NodeType::Source: open = "[("; close = ")]"; break;
        case graph::NodeType::Seed: open = "[/"; close = "/]"; break;
        case graph::NodeType::Exposure: open = "{{"; close = "}}"; break;
        case graph::NodeType::Test:
        case graph::NodeType::UnitTest: open = "(["; close = "])"; break;
        default: break;
        }
        out += "  " + mermaid_id(n.unique_id) + open + mermaid_label(n.name) + close + "\n";
    }
    write_edges(g, sorted, in, &mermaid_id, " --> ", "", out);
    return out;
}

} // namespace dpipe::report
