#include "graph/selector.hpp"

#include "util/glob.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

namespace dpipe::graph {

namespace {

using NodeSet = std::vector<char>; // membership by NodeId

bool glob_match(std::string_view pattern, std::string_view text) {
    return util::glob_match(pattern, text, util::GlobSyntax{false, false});
}

bool path_match(std::string_view want, std::string_view path) {
    while (!want.empty() && want.back() == '/') {
        want.remove_suffix(1);
    }
    if (want.find('*') != std::string_view::npos) {
        return glob_match(want, path);
    }
    return path == want || (path.size() > want.size() && path.substr(0, want.size()) == want &&
                            path[want.size()] == '/');
}

struct Atom {
    bool at = false;
    int up = 0;   // ancestors depth; -1 unlimited; 0 none
    int down = 0; // descendants depth
    std::string method;
    std::string value;
};

// A depth written in the selector; numbers that do not fit an int are an error naming the word.
util::Result<int, SelectorError> parse_depth(std::string_view digits, std::string_view word,
                                             std::size_t offset) {
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        return util::unexpected(SelectorError{"depth '" + std::string(digits) +
                                                  "' is too large in '" + std::string(word) + "'",
                                              offset});
    }
    return value;
}

util::Result<Atom, SelectorError> parse_atom(std::string_view word, std::size_t offset) {
    Atom a;
    std::string_view w = word;
    if (!w.empty() && w.front() == '@') {
        a.at = true;
        w.remove_prefix(1);
    }
    std::size_t digits = 0;
    while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) {
        ++digits;
    }
    if (digits < w.size() && w[digits] == '+') {
        if (digits == 0) {
            a.up = -1;
        } else {
            auto depth = parse_depth(w.substr(0, digits), word, offset);
            if (!depth) {
                return util::unexpected(depth.error());
            }
            a.up = *depth;
        }
        w.remove_prefix(digits + 1);
    }
    std::size_t plus = w.rfind('+');
    if (plus != std::string_view::npos) {
        std::string_view tail = w.substr(plus + 1);
        bool all_digits = std::all_of(tail.begin(), tail.end(),
                                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (all_digits) {
            if (tail.empty()) {
                a.down = -1;
            } else {
                auto depth = parse_depth(tail, word, offset);
                if (!depth) {
                    return util::unexpected(depth.error());
                }
                a.down = *depth;
            }
            w = w.substr(0, plus);
        }
    }
    if (a.at && (a.up != 0 || a.down != 0)) {
        return util::unexpected(SelectorError{"'@' cannot be combined with '+' in '" +
                                                  std::string(word) + "'",
                                              offset});
    }
    if (w.empty()) {
        return util::unexpected(SelectorError{"empty selector in '" + std::string(word) + "'", offset});
    }
    std::size_t colon = w.find(':');
    if (colon != std::string_view::npos) {
        a.method = std::string(w.substr(0, colon));
        a.value = std::string(w.substr(colon + 1));
        if (a.value.empty()) {
            return util::unexpected(
                SelectorError{"selector method '" + a.method + "' needs a value", offset});
        }
    } else {
        a.method = "fqn";
        a.value = std::string(w);
    }
    return a;
}

const std::vector<std::string>& known_methods() {
    static const std::vector<std::string> k = {"fqn",      "tag",           "path",
                                               "source",   "resource_type", "config.materialized",
                                               "exposure", "pipeline",      "test_type",
                                               "package",  "metric",        "semantic_model",
                                               "saved_query"};
    return k;
}

util::Result<NodeSet, SelectorError> match_method(const Graph& g, const Atom& a, std::size_t offset) {
    NodeSet set(g.size(), 0);
    const auto& m = a.method;
    const auto& v = a.value;
    if (std::find(known_methods().begin(), known_methods().end(), m) == known_methods().end()) {
        std::string msg = "unknown selector method '" + m + "'";
        std::string hint = util::closest_match(m, known_methods());
        if (!hint.empty()) {
            msg += ", did you mean '" + hint + "'?";
        }
        return util::unexpected(SelectorError{msg, offset});
    }
    if (m == "resource_type") {
        const std::vector<std::string>& k_types = node_type_names();
        if (std::find(k_types.begin(), k_types.end(), v) == k_types.end()) {
            return util::unexpected(SelectorError{"unknown resource type '" + v + "'", offset});
        }
    }
    if (m == "fqn" && v.find_first_of("*?.") == std::string::npos) {
        // A plain name: the graph's name index instead of a scan.
        for (NodeId id : g.find_name(v)) {
            set[id] = g.node(id).type != NodeType::Source ? 1 : 0;
        }
        return set;
    }
    for (NodeId id = 0; id < g.size(); ++id) {
        const Node& n = g.node(id);
        bool hit = false;
        if (m == "fqn") {
            bool named = n.type != NodeType::Source;
            hit = named && (v.find_first_of("*?") != std::string::npos ? glob_match(v, n.name)
                                                                      : n.name == v);
            if (!hit && v.find('/') == std::string::npos && v.find('.') != std::string::npos) {
                // "package.name" form
                hit = named && (n.unique_id.size() > v.size() &&
                                n.unique_id.compare(n.unique_id.size() - v.size(), v.size(), v) == 0 &&
                                n.unique_id[n.unique_id.size() - v.size() - 1] == '.');
            }
        } else if (m == "tag") {
            hit = std::find(n.tags.begin(), n.tags.end(), v) != n.tags.end();
        } else if (m == "path") {
            hit = path_match(v, n.path);
        } else if (m == "source") {
            if (n.type == NodeType::Source) {
                std::size_t dot = n.name.find('.');
                std::string src = n.name.substr(0, dot);
                hit = glob_match(v, n.name) || v == src || glob_match(v, src);
            }
        } else if (m == "resource_type") {
            hit = v == node_type_name(n.type);
        } else if (m == "config.materialized") {
            hit = n.materialized == v;
        } else if (m == "exposure") {
            hit = n.type == NodeType::Exposure && glob_match(v, n.name);
        } else if (m == "metric") {
            hit = n.type == NodeType::Metric && glob_match(v, n.name);
        } else if (m == "semantic_model") {
            hit = n.type == NodeType::SemanticModel && glob_match(v, n.name);
        } else if (m == "saved_query") {
            hit = n.type == NodeType::SavedQuery && glob_match(v, n.name);
        } else if (m == "pipeline") {
            hit = n.type == NodeType::Pipeline && glob_match(v, n.name);
        } else if (m == "test_type") {
            hit = (v == "generic" && n.test_kind == Node::TestKind::Generic) ||
                  (v == "singular" && n.test_kind == Node::TestKind::Singular) ||
                  (v == "unit" && n.type == NodeType::UnitTest) ||
                  (v == "data" && n.type == NodeType::Test);
        } else if (m == "package") {
            hit = n.unique_id.find("." + v + ".") != std::string::npos;
        }
        set[id] = hit ? 1 : 0;
    }
    return set;
}

// Marks in `out` every node at most `depth` edges (-1: unlimited) away from a node of `from`,
// following parents (`up`) or children. One breadth-first pass from all of `from` at once, so
// the cost is linear in the graph however many nodes `from` holds.
void reach(const Graph& g, const NodeSet& from, int depth, bool up, NodeSet& out) {
    NodeSet seen = from;
    std::vector<NodeId> frontier;
    for (NodeId id = 0; id < g.size(); ++id) {
        if (from[id]) {
            frontier.push_back(id);
        }
    }
    std::vector<NodeId> next;
    for (int level = 0; !frontier.empty() && (depth < 0 || level < depth); ++level) {
        next.clear();
        for (NodeId cur : frontier) {
            for (NodeId n : up ? g.parents(cur) : g.children(cur)) {
                if (!seen[n]) {
                    seen[n] = 1;
                    out[n] = 1;
                    next.push_back(n);
                }
            }
        }
        frontier.swap(next);
    }
}

util::Result<NodeSet, SelectorError> eval_atom(const Graph& g, std::string_view word,
                                              std::size_t offset) {
    auto atom = parse_atom(word, offset);
    if (!atom) {
        return util::unexpected(atom.error());
    }
    auto base = match_method(g, *atom, offset);
    if (!base) {
        return base;
    }
    NodeSet out = *base;
    bool any = std::find(out.begin(), out.end(), 1) != out.end();
    if (!any && atom->method == "fqn" && atom->value.find_first_of("*?") == std::string::npos) {
        std::vector<std::string> names;
        for (const auto& n : g.nodes()) {
            names.push_back(n.name);
        }
        std::string msg = "no node matches '" + atom->value + "'";
        std::string hint = util::closest_match(atom->value, names);
        if (!hint.empty()) {
            msg += ", did you mean '" + hint + "'?";
        }
        return util::unexpected(SelectorError{msg, offset});
    }
    if (atom->up != 0) {
        reach(g, *base, atom->up, true, out);
    }
    if (atom->at) {
        // dbt's "@": the nodes, their descendants, and every ancestor of all of those.
        reach(g, *base, -1, false, out);
        NodeSet down = out;
        reach(g, down, -1, true, out);
    } else if (atom->down != 0) {
        reach(g, *base, atom->down, false, out);
    }
    return out;
}

std::vector<NodeId> to_ids(const NodeSet& s) {
    std::vector<NodeId> out;
    for (NodeId id = 0; id < s.size(); ++id) {
        if (s[id]) {
            out.push_back(id);
        }
    }
    return out;
}

} // namespace

util::Result<std::vector<NodeId>, SelectorError> select(const Graph& g, std::string_view expr) {
    NodeSet result(g.size(), 0);
    std::size_t i = 0;
    bool any_term = false;
    while (i < expr.size()) {
        while (i < expr.size() && std::isspace(static_cast<unsigned char>(expr[i]))) {
            ++i;
        }
        if (i >= expr.size()) {
            break;
        }
        std::size_t start = i;
        while (i < expr.size() && !std::isspace(static_cast<unsigned char>(expr[i]))) {
            ++i;
        }
        std::string_view term = expr.substr(start, i - start);
        any_term = true;
        NodeSet inter(g.size(), 1);
        std::size_t part_start = 0;
        for (auto part : util::split(term, ',')) {
            std::size_t offset = start + part_start;
            part_start += part.size() + 1;
            if (part.empty()) {
                return util::unexpected(SelectorError{"empty selector around ','", offset});
            }
            auto s = eval_atom(g, part, offset);
            if (!s) {
                return util::unexpected(s.error());
            }
            for (NodeId id = 0; id < g.size(); ++id) {
                inter[id] = inter[id] && (*s)[id];
            }
        }
        for (NodeId id = 0; id < g.size(); ++id) {
            result[id] = result[id] || inter[id];
        }
    }
    if (!any_term) {
        std::fill(result.begin(), result.end(), 1);
    }
    return to_ids(result);
}

util::Result<std::vector<NodeId>, SelectorError> apply(const Graph& g, const Selection& s) {
    NodeSet keep(g.size(), s.select.empty() ? 1 : 0);
    for (const auto& expr : s.select) {
        auto r = select(g, expr);
        if (!r) {
            auto e = r.error();
            e.message = "--select '" + expr + "': " + e.message;
            return util::unexpected(e);
        }
        for (NodeId id : *r) {
            keep[id] = 1;
        }
    }
    for (const auto& expr : s.exclude) {
        if (util::trim(expr).empty()) {
            continue;
        }
        auto r = select(g, expr);
        if (!r) {
            auto e = r.error();
            e.message = "--exclude '" + expr + "': " + e.message;
            return util::unexpected(e);
        }
        for (NodeId id : *r) {
            keep[id] = 0;
        }
    }
    if (!s.resource_types.empty()) {
        for (NodeId id = 0; id < g.size(); ++id) {
            const char* t = node_type_name(g.node(id).type);
            if (std::find(s.resource_types.begin(), s.resource_types.end(), t) ==
                s.resource_types.end()) {
                keep[id] = 0;
            }
        }
    }
    return to_ids(keep);
}

std::vector<NodeId> with_attached_tests(const Graph& g, const std::vector<NodeId>& selected) {
    NodeSet in(g.size(), 0);
    for (NodeId id : selected) {
        in[id] = 1;
    }
    for (NodeId id = 0; id < g.size(); ++id) {
        const Node& n = g.node(id);
        if (in[id] || (n.type != NodeType::Test && n.type != NodeType::UnitTest)) {
            continue;
        }
        const auto& ps = g.parents(id);
        bool all = !ps.empty() && std::all_of(ps.begin(), ps.end(), [&](NodeId p) {
            return in[p] != 0;
        });
        if (all) {
            in[id] = 1;
        }
    }
    return to_ids(in);
}

} // namespace dpipe::graph
