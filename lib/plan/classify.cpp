#include "plan/classify.hpp"

#include "plan/facts.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace dpipe::plan::detail {

namespace {

using graph::NodeType;

std::string key(graph::NodeId node, const std::string& column) {
    return std::to_string(node) + "/" + util::to_lower(column);
}

bool reads_rows(NodeType t) {
    return t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Exposure;
}

// A column's derivation in comparable form: how, and what it is read from by unique id.
std::optional<std::string> derivation(const Side& side, graph::NodeId id,
                                      const std::string& column) {
    if (side.lineage == nullptr || id >= side.lineage->models.size() ||
        !side.lineage->models[id].analysed) {
        return std::nullopt;
    }
    for (const auto& c : side.lineage->models[id].columns) {
        if (util::to_lower(c.name) != util::to_lower(column)) {
            continue;
        }
        std::set<std::string> from;
        for (const auto& r : c.from) {
            from.insert(side.snapshot->graph.node(r.node).unique_id + "." +
                        util::to_lower(r.column));
        }
        // A table that is no node, named as written: no unique id has a space.
        for (const auto& r : c.from_tables) {
            from.insert("table " + util::to_lower(r.table) + "." + util::to_lower(r.column));
        }
        std::string out = sql::derivation_name(c.how);
        for (const auto& f : from) {
            out += " " + f;
        }
        return out;
    }
    return std::nullopt;
}

std::set<std::string> filter_set(const Side& side, graph::NodeId id) {
    std::set<std::string> out;
    if (side.lineage != nullptr && id < side.lineage->models.size()) {
        for (const auto& r : side.lineage->models[id].filter_columns) {
            out.insert(side.snapshot->graph.node(r.node).unique_id + "." +
                       util::to_lower(r.column));
        }
        for (const auto& r : side.lineage->models[id].filter_tables) {
            out.insert("table " + util::to_lower(r.table) + "." + util::to_lower(r.column));
        }
    }
    return out;
}

std::set<std::string> relation_parents(const Side& side, graph::NodeId id) {
    std::set<std::string> out;
    const auto& g = side.snapshot->graph;
    for (graph::NodeId p : g.parents(id)) {
        auto t = g.node(p).type;
        if (t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Seed ||
            t == NodeType::Source) {
            out.insert(g.node(p).unique_id);
        }
    }
    return out;
}

// The tables a model reads by name that are no node ("table raw.events"); nullopt when its SQL
// was not traced on that side.
std::optional<std::set<std::string>> table_parents(const Side& side, graph::NodeId id) {
    if (side.lineage == nullptr || id >= side.lineage->models.size() || !side.lineage->models[id].analysed) {
        return std::nullopt;
    }
    std::set<std::string> out;
    for (const auto& t : side.lineage->models[id].external_tables) {
        out.insert("table " + util::to_lower(t));
    }
    return out;
}

std::string diff_text(const std::set<std::string>& before, const std::set<std::string>& after) {
    std::vector<std::string> parts;
    for (const auto& a : after) {
        if (!before.count(a)) {
            parts.push_back("+" + a);
        }
    }
    for (const auto& b : before) {
        if (!after.count(b)) {
            parts.push_back("-" + b);
        }
    }
    return util::join(parts, ", ");
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

} // namespace

Readers::Readers(const Side& base, const std::vector<graph::NodeId>& nodes) {
    if (base.snapshot == nullptr) {
        return;
    }
    const auto& g = base.snapshot->graph;
    std::vector<graph::NodeId> children;
    for (graph::NodeId node : nodes) {
        children.insert(children.end(), g.children(node).begin(), g.children(node).end());
    }
    // In node order, as a full scan would register them.
    std::sort(children.begin(), children.end());
    children.erase(std::unique(children.begin(), children.end()), children.end());
    for (graph::NodeId id : children) {
        const graph::Node& n = g.node(id);
        if (n.type == NodeType::Test && n.test_kind == graph::Node::TestKind::Generic) {
            // A test declared on a column reads that column.
            const core::TestSpec* spec = generic_spec(base.snapshot->project, g, n);
            const graph::NodeId* on = g.find_unique_id(n.attached_to);
            if (spec != nullptr && on != nullptr && !spec->column.empty()) {
                std::string who = "test " + n.name;
                m_readers[key(*on, spec->column)].push_back(who);
                m_by_node[*on].push_back(who);
            }
            // relationships: the `field` of the `to` node is read too.
            auto field = spec != nullptr ? spec->args.find("field") : core::Json::const_iterator{};
            if (spec != nullptr && field != spec->args.end() && field->is_string()) {
                for (graph::NodeId p : g.parents(id)) {
                    if (on == nullptr || p != *on) {
                        std::string who = "test " + n.name;
                        m_readers[key(p, field->get<std::string>())].push_back(who);
                        m_by_node[p].push_back(who);
                    }
                }
            }
            continue;
        }
        if (!reads_rows(n.type)) {
            continue;
        }
        bool traced = base.lineage != nullptr && id < base.lineage->models.size() &&
                      base.lineage->models[id].analysed &&
                      !base.lineage->models[id].star_unresolved;
        if (n.type == NodeType::Exposure || !traced) {
            std::string who = n.type == NodeType::Exposure ? "exposure " + n.name + " (any column)"
                                                           : n.name + " (columns not traced)";
            for (graph::NodeId p : g.parents(id)) {
                m_readers[std::to_string(p) + "/*"].push_back(who);
                m_by_node[p].push_back(who);
            }
            continue;
        }
        const auto& ml = base.lineage->models[id];
        for (const auto& c : ml.columns) {
            for (const auto& r : c.from) {
                std::string who = n.name + "." + c.name;
                auto& list = m_readers[key(r.node, r.column)];
                if (std::find(list.begin(), list.end(), who) == list.end()) {
                    list.push_back(who);
                    m_by_node[r.node].push_back(who);
                }
            }
        }
        for (const auto& r : ml.filter_columns) {
            std::string who = n.name + " (filter)";
            auto& list = m_readers[key(r.node, r.column)];
            if (std::find(list.begin(), list.end(), who) == list.end()) {
                list.push_back(who);
                m_by_node[r.node].push_back(who);
            }
        }
    }
}

std::vector<std::string> Readers::of(graph::NodeId node, const std::string& column) const {
    std::vector<std::string> out;
    if (auto it = m_readers.find(key(node, column)); it != m_readers.end()) {
        out = it->second;
    }
    if (auto it = m_readers.find(std::to_string(node) + "/*"); it != m_readers.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> Readers::of_node(graph::NodeId node) const {
    std::vector<std::string> out;
    if (auto it = m_by_node.find(node); it != m_by_node.end()) {
        out = it->second;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool has_row_dependants(const graph::Graph& g, graph::NodeId id) {
    for (graph::NodeId c : g.children(id)) {
        if (reads_rows(g.node(c).type)) {
            return true;
        }
    }
    return false;
}

void classify_modified(NodeChange& change, const Side& base, graph::NodeId b, const Side& head,
                       graph::NodeId h, const Readers& readers, bool logic_changed) {
    auto before = output_columns(base, b);
    auto after = output_columns(head, h);
    std::vector<ColumnChange> columns;
    if (before && after) {
        auto lower_set = [](const std::vector<std::string>& v) {
            std::set<std::string> s;
            for (const auto& x : v) {
                s.insert(util::to_lower(x));
            }
            return s;
        };
        auto before_set = lower_set(*before);
        auto after_set = lower_set(*after);
        std::vector<std::string> removed;
        std::vector<std::string> added;
        for (const auto& c : *before) {
            // A name listed twice (a query with duplicate output names) counts once.
            if (!after_set.count(util::to_lower(c)) &&
                std::find(removed.begin(), removed.end(), c) == removed.end()) {
                removed.push_back(c);
            }
        }
        for (const auto& c : *after) {
            if (!before_set.count(util::to_lower(c)) &&
                std::find(added.begin(), added.end(), c) == added.end()) {
                added.push_back(c);
            }
        }
        // A removed and an added column derived the same way from the same inputs: a rename.
        std::set<std::string> renamed_to;
        for (const auto& r : removed) {
            ColumnChange cc{r, "removed", "", readers.of(b, r)};
            auto from = derivation(base, b, r);
            if (from && from->find(' ') != std::string::npos) {
                std::string inputs = from->substr(from->find(' '));
                for (const auto& a : added) {
                    auto to = derivation(head, h, a);
                    if (!renamed_to.count(a) && to && to->find(' ') != std::string::npos &&
                        to->substr(to->find(' ')) == inputs) {
                        cc.change = "renamed";
                        cc.new_name = a;
                        renamed_to.insert(a);
                        break;
                    }
                }
            }
            columns.push_back(std::move(cc));
        }
        for (const auto& c : *before) {
            if (!after_set.count(util::to_lower(c))) {
                continue;
            }
            auto from = derivation(base, b, c);
            auto to = derivation(head, h, c);
            if (from && to && *from != *to) {
                columns.push_back(ColumnChange{c, "expression", "", readers.of(b, c)});
            }
        }
        for (const auto& a : added) {
            if (!renamed_to.count(a)) {
                columns.push_back(ColumnChange{a, "added", "", {}});
            }
        }
    }
    change.columns = columns;

    std::vector<std::string> breaking_columns;
    std::set<std::string> read_by;
    for (const auto& c : columns) {
        if (c.change != "added" && !c.read_by.empty()) {
            breaking_columns.push_back(c.change == "renamed"
                                           ? c.column + " (renamed to " + c.new_name + ")"
                                           : c.column + " (" + c.change + ")");
            read_by.insert(c.read_by.begin(), c.read_by.end());
        }
    }
    auto filters_before = filter_set(base, b);
    auto filters_after = filter_set(head, h);
    auto parents_before = relation_parents(base, b);
    auto parents_after = relation_parents(head, h);
    // Tables read by name count as inputs too, where both sides were traced.
    auto tables_before = table_parents(base, b);
    auto tables_after = table_parents(head, h);
    if (tables_before && tables_after) {
        parents_before.insert(tables_before->begin(), tables_before->end());
        parents_after.insert(tables_after->begin(), tables_after->end());
    }
    bool grain =
        logic_changed && (filters_before != filters_after || parents_before != parents_after);
    bool dependants = has_row_dependants(head.snapshot->graph, h);

    if (!breaking_columns.empty()) {
        change.classification = Classification::Breaking;
        change.reason = "columns read downstream changed: " + util::join(breaking_columns, ", ") +
                        "; read by " +
                        util::join(std::vector<std::string>(read_by.begin(), read_by.end()), ", ");
        return;
    }
    if (grain && dependants) {
        change.classification = Classification::Breaking;
        std::string what;
        if (parents_before != parents_after) {
            what = "its inputs changed (" + diff_text(parents_before, parents_after) + ")";
        } else {
            what = "its filters, joins or grouping changed (" +
                   diff_text(filters_before, filters_after) + ")";
        }
        change.reason = what + " and nodes downstream read its rows";
        return;
    }
    if (logic_changed && columns.empty() && !grain) {
        auto all = readers.of_node(b);
        if (!all.empty()) {
            change.classification = Classification::Breaking;
            change.reason = "its SQL changed where column lineage cannot tell which columns (a "
                            "literal, operator "
                            "or function), and " +
                            plural(all.size(), "column") +
                            " downstream read it: " + util::join(all, ", ");
            return;
        }
    }
    bool only_metadata = change.facets.size() == 1 && change.facets[0] == "metadata";
    if (only_metadata) {
        change.classification = Classification::Metadata;
        change.reason = "only descriptions, meta or docs changed";
        return;
    }
    change.classification = Classification::NonBreaking;
    std::size_t added = 0;
    std::size_t unread = 0;
    for (const auto& c : columns) {
        (c.change == "added" ? added : unread) += 1;
    }
    if (added > 0 && unread == 0) {
        change.reason =
            plural(added, "column") + " added; nothing downstream reads a changed column";
    } else if (unread > 0) {
        change.reason = "changes only to columns nobody downstream reads";
    } else if (grain) {
        change.reason =
            "its filters, joins or inputs changed, but nothing downstream reads its rows";
    } else if (logic_changed) {
        change.reason = "its SQL changed, but nothing downstream reads it";
    } else {
        change.reason = "no column downstream reads changes";
    }
}

} // namespace dpipe::plan::detail
