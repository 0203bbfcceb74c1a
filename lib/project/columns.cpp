#include "project/columns.hpp"

#include "sql/dialect.hpp"
#include "sql/parser.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace dpipe::project {

using graph::Node;
using graph::NodeType;
using graph::relation_parts;

namespace {

std::string key_of(const std::vector<std::string>& parts) {
    std::size_t n = parts.size();
    std::string key = util::to_lower(parts[n - 1]);
    if (n >= 2) {
        key = util::to_lower(parts[n - 2]) + "." + key;
    }
    return key;
}

std::vector<std::string> names_of(const std::vector<core::Column>& cols) {
    std::vector<std::string> out;
    for (const auto& c : cols) {
        out.push_back(c.name);
    }
    return out;
}

// Models, snapshots and analyses: the nodes whose SQL is traced.
bool traced(NodeType t) { return t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Analysis; }

} // namespace

ColumnLineage column_lineage(Snapshot& cp, unsigned jobs) {
    auto start = std::chrono::steady_clock::now();
    const graph::Graph& g = cp.graph;
    auto& p = cp.project;
    ColumnLineage out;
    out.models.resize(g.size());
    out.known.resize(g.size());
    sql::Dialect dialect = sql::parse_dialect(p.dialect).value_or(sql::Dialect::Ansi);

    std::unordered_map<std::string, NodeId> by_relation;
    for (NodeId id = 0; id < g.size(); ++id) {
        const Node& n = g.node(id);
        std::string rel;
        if (n.type == NodeType::Source) {
            const auto& s = p.sources[n.index];
            rel = cp.relations.sources.count(n.name) ? cp.relations.sources.at(n.name) : "";
            if (!s.columns.empty()) {
                out.known[id] = names_of(s.columns);
            }
        } else if (n.type == NodeType::Seed) {
            rel = cp.relations.refs.count(n.name) ? cp.relations.refs.at(n.name) : "";
            out.known[id] = names_of(p.seeds[n.index].columns);
        } else if (n.type == NodeType::Model || n.type == NodeType::Snapshot) {
            rel = cp.relations.refs.count(n.name) ? cp.relations.refs.at(n.name) : "";
        }
        if (!rel.empty()) {
            by_relation[key_of(relation_parts(rel))] = id;
        }
    }

    // Wavefronts: a model's level is one more than its deepest model parent, so each level only
    // needs what earlier levels inferred and can run in parallel.
    std::vector<int> level(g.size(), -1);
    std::vector<std::vector<NodeId>> levels;
    for (NodeId id : g.topological_order()) {
        const Node& n = g.node(id);
        if (!traced(n.type)) {
            continue;
        }
        int lv = 0;
        for (NodeId parent : g.parents(id)) {
            lv = std::max(lv, level[parent] + 1);
        }
        level[id] = lv;
        if (levels.size() <= static_cast<std::size_t>(lv)) {
            levels.resize(static_cast<std::size_t>(lv) + 1);
        }
        levels[static_cast<std::size_t>(lv)].push_back(id);
    }

    for (const auto& wave : levels) {
        util::parallel_for(
            wave.size(),
            [&](std::size_t i) {
                NodeId id = wave[i];
                const bool analysis = g.node(id).type == NodeType::Analysis;
                auto& m = analysis ? p.analyses[g.node(id).index] : p.models[g.node(id).index];
                ModelLineage& ml = out.models[id];
                if (m.state.status == core::NodeStatus::RenderFailed) {
                    return; // no SQL: its columns are unknown, and so are its dependants' stars
                }
                // The parse stage already reported this SQL's diagnostics, and kept its tree when
                // the command asked for it (Request::keep_scripts); otherwise it is parsed here.
                const std::size_t index = g.node(id).index;
                sql::Script parsed;
                const sql::Script* kept = analysis ? cp.analysis_script(index) : cp.model_script(index);
                if (kept == nullptr) {
                    parsed = sql::parse(m.path, m.rendered.sql, dialect);
                }
                const sql::Script& script = kept != nullptr ? *kept : parsed;
                if (script.has_errors()) {
                    // A limit stopped the parse: what it kept is not the query, so no column of
                    // it may claim a lineage.
                    out.known[id] = m.columns.empty() ? std::nullopt : std::optional(names_of(m.columns));
                    return;
                }
                const sql::Statement* query = nullptr;
                for (const auto& st : script.statements()) {
                    if (st.kind == sql::StatementKind::Query) {
                        query = &st;
                    }
                }
                if (query == nullptr) {
                    out.known[id] = m.columns.empty() ? std::nullopt
                                                       : std::optional(names_of(m.columns));
                    if (m.state.status == core::NodeStatus::Ok) {
                        m.state = {core::NodeStatus::NotTraced, m.path + ": no query statement to trace", m.loc};
                    }
                    return;
                }
                auto lookup = [&](const sql::RelationName& r)
                    -> std::optional<std::vector<std::string>> {
                    auto it = by_relation.find(key_of(r.parts));
                    if (it == by_relation.end()) {
                        return std::nullopt;
                    }
                    return out.known[it->second];
                };
                sql::QueryLineage ql = sql::lineage(*query, dialect, lookup);
                ml.analysed = true;
                ml.star_unresolved = ql.star_unresolved;
                std::vector<std::optional<NodeId>> rel_node;
                for (const auto& r : ql.relations) {
                    auto it = by_relation.find(key_of(r.parts));
                    if (it == by_relation.end()) {
                        rel_node.emplace_back();
                        ml.unmapped_relations.push_back(r.str());
                    } else {
                        rel_node.emplace_back(it->second);
                    }
                }
                auto map_origin = [&](const sql::ColumnOrigin& o, std::vector<ColumnRef>& into) {
                    if (o.relation < rel_node.size() && rel_node[o.relation]) {
                        ColumnRef ref{*rel_node[o.relation], o.column};
                        if (std::find(into.begin(), into.end(), ref) == into.end()) {
                            into.push_back(std::move(ref));
                        }
                        return true;
                    }
                    return false;
                };
                std::vector<std::string> names;
                for (const auto& c : ql.columns) {
                    ModelColumn mc;
                    mc.name = c.name;
                    mc.how = c.how;
                    mc.unresolved = c.unresolved;
                    mc.reason = c.reason;
                    for (const auto& o : c.from) {
                        if (!map_origin(o, mc.from)) {
                            mc.unresolved = true;
                            // Read from a relation that is a placeholder (`from {{ pkg.x() }}`).
                            if (mc.reason.empty() && o.relation < ql.relations.size() &&
                                !ql.relations[o.relation].parts.empty()) {
                                mc.reason = sql::unavailable_macro_reason(ql.relations[o.relation].parts.back());
                                if (mc.reason.empty()) {
                                    mc.reason = "upstream not analysed: " + ql.relations[o.relation].str() +
                                                " is no ref or source";
                                }
                            }
                        }
                    }
                    names.push_back(c.name);
                    ml.columns.push_back(std::move(mc));
                }
                for (const auto& o : ql.filter_columns) {
                    map_origin(o, ml.filter_columns);
                }
                if (!ql.star_unresolved) {
                    out.known[id] = std::move(names);
                } else {
                    if (!m.columns.empty()) {
                        out.known[id] = names_of(m.columns);
                    }
                    if (m.state.status == core::NodeStatus::Ok) {
                        m.state = {core::NodeStatus::NotTraced,
                                   m.path + ": select * over a relation whose columns are unknown", m.loc};
                    }
                }
            },
            jobs);
    }
    for (NodeId id = 0; id < cp.graph.size(); ++id) {
        const Node& n = cp.graph.node(id);
        if (n.type == NodeType::Model || n.type == NodeType::Snapshot) {
            cp.graph.set_state(id, p.models[n.index].state);
        } else if (n.type == NodeType::Analysis) {
            cp.graph.set_state(id, p.analyses[n.index].state);
        }
    }
    cp.timings.emplace_back("columns", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return out;
}

} // namespace dpipe::project
