#include "graph/columns.hpp"

#include "core/source_map.hpp"
#include "sql/dialect.hpp"
#include "sql/parser.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <unordered_map>

namespace dpipe::graph {

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

} // namespace

ColumnLineage column_lineage(const CompiledProject& cp, unsigned jobs) {
    const auto& g = cp.graph;
    const auto& p = cp.project;
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
        if (n.type != NodeType::Model && n.type != NodeType::Snapshot) {
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

    std::vector<std::vector<core::Diagnostic>> diags(g.size());
    for (const auto& wave : levels) {
        util::parallel_for(
            wave.size(),
            [&](std::size_t i) {
                NodeId id = wave[i];
                const auto& m = p.models[g.node(id).index];
                ModelLineage& ml = out.models[id];
                sql::Script script = sql::parse(m.path, m.rendered.sql, dialect);
                diags[id] = script.diagnostics();
                // The parser located them in the rendered text; point at the model file instead.
                for (auto& d : diags[id]) {
                    d.loc = core::relocate(m.rendered, d.loc);
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
                    for (const auto& o : c.from) {
                        if (!map_origin(o, mc.from)) {
                            mc.unresolved = true;
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
                } else if (!m.columns.empty()) {
                    out.known[id] = names_of(m.columns);
                }
            },
            jobs);
    }
    for (auto& d : diags) {
        for (auto& x : d) {
            out.diagnostics.push_back(std::move(x));
        }
    }
    core::sort_diagnostics(out.diagnostics);
    return out;
}

} // namespace dpipe::graph
