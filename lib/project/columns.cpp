#include "project/columns.hpp"
#include "project/columns_subset.hpp"
#include "project/compile.hpp"

#include "sql/dialect.hpp"
#include "sql/parser.hpp"
#include "util/strings.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
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

// Every part, lower case: `db.schema.table`.
std::string full_key_of(const std::vector<std::string>& parts) {
    std::string key;
    for (const std::string& part : parts) {
        key += key.empty() ? "" : ".";
        key += util::to_lower(part);
    }
    return key;
}

// The node of each relation: by its full name, or by `schema.table` when one table has that
// or, among several, when the reading model depends on exactly one of them (ref() or source()).
// A source declared on a model's table (the same full name) is that model.
class RelationIndex {
public:
    void add(const std::vector<std::string>& parts, NodeId id, bool model) {
        Entry e{full_key_of(parts), parts.size(), id, model};
        put(m_full[e.full], e);
        std::vector<Entry>& same = m_short[key_of(parts)];
        auto it = std::find_if(same.begin(), same.end(), [&](const Entry& x) { return x.full == e.full; });
        if (it == same.end()) {
            same.push_back(e);
        } else {
            put(*it, e);
        }
    }
    // `parents`: the nodes the reading model depends on.
    std::optional<NodeId> find(const std::vector<std::string>& parts, const std::vector<NodeId>& parents) const {
        if (parts.empty()) {
            return std::nullopt;
        }
        if (parts.size() >= 3) {
            if (auto it = m_full.find(full_key_of(parts)); it != m_full.end()) {
                return it->second.id;
            }
        }
        auto it = m_short.find(key_of(parts));
        if (it == m_short.end()) {
            return std::nullopt;
        }
        if (it->second.size() == 1) {
            return it->second[0].id;
        }
        std::optional<NodeId> found;
        for (const Entry& e : it->second) {
            if (std::find(parents.begin(), parents.end(), e.id) != parents.end()) {
                if (found) {
                    return std::nullopt;
                }
                found = e.id;
            }
        }
        return found;
    }
    // Whether the name may be a node's although find() found none: several nodes have its
    // `schema.table`. A name with a database is none of those whose relation names another
    // (`base_db.core.logs` beside the sources `eth_db.core.logs` and `avax_db.core.logs`).
    bool may_name_a_node(const std::vector<std::string>& parts) const {
        auto it = parts.empty() ? m_short.end() : m_short.find(key_of(parts));
        if (it == m_short.end()) {
            return false;
        }
        return parts.size() < 3 ||
               std::any_of(it->second.begin(), it->second.end(), [](const Entry& e) { return e.parts < 3; });
    }

private:
    struct Entry {
        std::string full;
        std::size_t parts = 0; // of the relation: 3 when it names its database
        NodeId id = 0;
        bool model = false;
    };
    static void put(Entry& into, const Entry& e) {
        if (into.full.empty() || (e.model && !into.model)) {
            into = e;
        }
    }
    std::unordered_map<std::string, Entry> m_full;
    std::unordered_map<std::string, std::vector<Entry>> m_short;
};

std::vector<std::string> names_of(const std::vector<core::Column>& cols) {
    std::vector<std::string> out;
    for (const auto& c : cols) {
        out.push_back(c.name);
    }
    return out;
}

const sql::Statement* query_of(const sql::Script& script) {
    const sql::Statement* query = nullptr;
    for (const auto& st : script.statements()) {
        if (st.kind == sql::StatementKind::Query) {
            query = &st;
        }
    }
    return query;
}

// Models, snapshots and analyses: the nodes whose SQL is traced.
bool traced(NodeType t) { return t == NodeType::Model || t == NodeType::Snapshot || t == NodeType::Analysis; }

// The wave of each model (-1 for other nodes): one more than the deepest model it depends on,
// through ref() or by reading its table by name (`reads`). Where reads by name close a cycle,
// the model first in `order` (a topological order of the graph) goes first without them.
std::vector<int> trace_levels(const graph::Graph& g, const std::vector<NodeId>& order,
                              const std::vector<std::vector<NodeId>>& reads) {
    std::vector<int> level(g.size(), -1);
    std::vector<std::vector<NodeId>> deps(g.size());
    std::vector<std::vector<NodeId>> dependants(g.size());
    std::vector<std::size_t> pending(g.size(), 0);
    std::vector<bool> is_model(g.size(), false);
    for (NodeId id : order) {
        is_model[id] = true;
    }
    for (NodeId id : order) {
        std::vector<NodeId>& d = deps[id];
        for (NodeId parent : g.parents(id)) {
            if (is_model[parent] && parent != id) {
                d.push_back(parent);
            }
        }
        d.insert(d.end(), reads[id].begin(), reads[id].end());
        std::sort(d.begin(), d.end());
        d.erase(std::unique(d.begin(), d.end()), d.end());
        pending[id] = d.size();
        for (NodeId x : d) {
            dependants[x].push_back(id);
        }
    }
    std::vector<bool> done(g.size(), false);
    std::vector<NodeId> ready;
    std::size_t next = 0; // the first model of `order` maybe not done yet
    auto finish = [&](NodeId id) {
        int lv = 0;
        for (NodeId x : deps[id]) {
            if (done[x]) {
                lv = std::max(lv, level[x] + 1);
            }
        }
        level[id] = lv;
        done[id] = true;
        for (NodeId x : dependants[id]) {
            if (--pending[x] == 0) {
                ready.push_back(x);
            }
        }
    };
    for (NodeId id : order) {
        if (pending[id] == 0) {
            ready.push_back(id);
        }
    }
    std::size_t finished = 0;
    while (finished < order.size()) {
        if (ready.empty()) {
            // A cycle: its first model in graph order has every ref() parent done already.
            while (done[order[next]]) {
                ++next;
            }
            ready.push_back(order[next]);
        }
        NodeId id = ready.back();
        ready.pop_back();
        if (done[id]) {
            continue;
        }
        finish(id);
        ++finished;
    }
    return level;
}

// `only` and every node upstream of a node it marks.
std::vector<bool> with_ancestors(const graph::Graph& g, const std::vector<bool>& only) {
    std::vector<bool> out(g.size(), false);
    std::vector<NodeId> stack;
    for (NodeId id = 0; id < g.size() && id < only.size(); ++id) {
        if (only[id]) {
            out[id] = true;
            stack.push_back(id);
        }
    }
    while (!stack.empty()) {
        NodeId id = stack.back();
        stack.pop_back();
        for (NodeId p : g.parents(id)) {
            if (!out[p]) {
                out[p] = true;
                stack.push_back(p);
            }
        }
    }
    return out;
}


// The compiled script of a model whose parse-time render read `execute`, or null (the reason in
// `ml`); a model the parse stage could not parse is traced from it, so its status is cleared.
std::shared_ptr<const sql::Script> compile(const Snapshot& cp, sql::Dialect dialect, core::Model& m, ModelLineage& ml,
                                           const tmpl::Warehouse& wh) {
    auto c = compile_model(cp, m, dialect, wh);
    if (!c) {
        ml.compile_failure = c.error().headline();
        return nullptr;
    }
    if (c->same) {
        return nullptr; // the parse-time script is the compiled one
    }
    ml.compiled = true;
    if (m.state.status == core::NodeStatus::ParseFailed || m.state.status == core::NodeStatus::NotTraced) {
        m.state = {};
    }
    return c->script;
}

ColumnLineage trace(Snapshot& cp, unsigned jobs, const std::vector<bool>* only) {
    auto start = std::chrono::steady_clock::now();
    const graph::Graph& g = cp.graph;
    auto& p = cp.project;
    ColumnLineage out;
    out.models.resize(g.size());
    out.known.resize(g.size());
    sql::Dialect dialect = sql::parse_dialect(p.dialect).value_or(sql::Dialect::Ansi);

    RelationIndex by_relation;
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
            by_relation.add(relation_parts(rel), id, n.type == NodeType::Model || n.type == NodeType::Snapshot);
        }
    }

    // Every model's tree first (the parse stage's when it kept them): the tables a model reads by
    // name, not through ref() (`from analytics.orders`), are known only from its SQL, and the
    // model must be traced after the model that builds that table. With `only`, the models it
    // marks and what they read through ref().
    std::vector<bool> wanted = only != nullptr ? with_ancestors(g, *only) : std::vector<bool>();
    std::vector<NodeId> models;
    for (NodeId id : g.topological_order()) {
        const Node& n = g.node(id);
        if (traced(n.type) && (only == nullptr || wanted[id])) {
            models.push_back(id);
        }
    }
    std::vector<sql::Script> parsed(g.size());
    std::vector<const sql::Script*> scripts(g.size(), nullptr);
    std::vector<std::vector<NodeId>> reads(g.size()); // models read by name
    util::parallel_for(
        models.size(),
        [&](std::size_t i) {
            NodeId id = models[i];
            const std::size_t index = g.node(id).index;
            const bool analysis = g.node(id).type == NodeType::Analysis;
            const auto& m = analysis ? p.analyses[index] : p.models[index];
            if (m.state.status == core::NodeStatus::RenderFailed) {
                return;
            }
            scripts[id] = analysis ? cp.analysis_script(index) : cp.model_script(index);
            if (scripts[id] == nullptr) {
                parsed[id] = sql::parse(m.path, m.rendered.sql, dialect);
                scripts[id] = &parsed[id];
            }
            const sql::Statement* query = query_of(*scripts[id]);
            if (query == nullptr || scripts[id]->has_errors()) {
                return;
            }
            for (const sql::TableReference& r : sql::table_references(*query)) {
                std::optional<NodeId> read = r.is_cte ? std::nullopt : by_relation.find(r.name.parts, g.parents(id));
                if (!read || *read == id) {
                    continue;
                }
                NodeType t = g.node(*read).type;
                if ((t == NodeType::Model || t == NodeType::Snapshot) && (only == nullptr || wanted[*read]) &&
                    std::find(reads[id].begin(), reads[id].end(), *read) == reads[id].end()) {
                    reads[id].push_back(*read);
                }
            }
        },
        jobs);
    const std::vector<int> level = trace_levels(g, models, reads);
    std::vector<std::vector<NodeId>> levels;
    for (NodeId id : models) {
        auto lv = static_cast<std::size_t>(level[id]);
        if (levels.size() <= lv) {
            levels.resize(lv + 1);
        }
        levels[lv].push_back(id);
    }

    // What adapter.get_columns_in_relation() gives a compile render of model `reader`: the columns
    // of a relation traced in an earlier wave, or declared.
    auto columns_of = [&](const std::string& text,
                          NodeId reader) -> util::Result<std::vector<tmpl::RelationColumn>, std::string> {
        std::optional<NodeId> node = by_relation.find(relation_parts(text), g.parents(reader));
        if (!node) {
            return util::unexpected(std::string("no model, seed, snapshot or source of the project is that relation"));
        }
        if (level[*node] >= level[reader] || !out.known[*node]) {
            return util::unexpected(g.node(*node).name + "'s columns are not known (declare them in its YAML)");
        }
        return relation_columns(cp, *node, *out.known[*node]);
    };
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
                std::shared_ptr<const sql::Script> compiled;
                if (m.rendered.reads_execute) {
                    tmpl::Warehouse wh;
                    wh.columns = [&](const std::string& text) { return columns_of(text, id); };
                    compiled = compile(cp, dialect, m, ml, wh);
                }
                // The parse stage already reported this SQL's diagnostics.
                const sql::Script& script = compiled != nullptr ? *compiled : *scripts[id];
                if (script.has_errors()) {
                    // A limit stopped the parse: what it kept is not the query, so no column of
                    // it may claim a lineage.
                    out.known[id] = m.columns.empty() ? std::nullopt : std::optional(names_of(m.columns));
                    return;
                }
                const sql::Statement* query = query_of(script);
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
                    std::optional<NodeId> node = by_relation.find(r.parts, g.parents(id));
                    // Only what an earlier wave inferred: a table read by name inside a cycle,
                    // or the model's own table (`{{ this }}`), is not known yet.
                    if (!node || level[*node] >= level[id]) {
                        return std::nullopt;
                    }
                    return out.known[*node];
                };
                sql::QueryLineage ql = sql::lineage(*query, dialect, lookup);
                ml.analysed = true;
                ml.star_unresolved = ql.star_unresolved;
                // Each relation's node, or for a table that is no node its name (an origin of
                // its own); neither for the placeholder of an unavailable macro, nor for a name
                // several nodes have (which one is read is not known).
                std::vector<std::optional<NodeId>> rel_node;
                std::vector<std::string> rel_table;
                for (const auto& r : ql.relations) {
                    std::optional<NodeId> node = by_relation.find(r.parts, g.parents(id));
                    std::string table;
                    if (!node) {
                        ml.unmapped_relations.push_back(r.str());
                        if (!r.parts.empty() && sql::unavailable_macro_reason(r.parts.back()).empty() &&
                            !by_relation.may_name_a_node(r.parts)) {
                            table = r.str();
                            ml.external_tables.push_back(table);
                        }
                    }
                    rel_node.push_back(node);
                    rel_table.push_back(std::move(table));
                }
                auto add = [](auto ref, auto& into) {
                    if (std::find(into.begin(), into.end(), ref) == into.end()) {
                        into.push_back(std::move(ref));
                    }
                };
                auto map_origin = [&](const sql::ColumnOrigin& o, std::vector<ColumnRef>& nodes,
                                      std::vector<TableColumn>& tables) {
                    if (o.relation < rel_node.size() && rel_node[o.relation]) {
                        add(ColumnRef{*rel_node[o.relation], o.column}, nodes);
                        return true;
                    }
                    if (o.relation < rel_table.size() && !rel_table[o.relation].empty()) {
                        add(TableColumn{rel_table[o.relation], o.column}, tables);
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
                        if (!map_origin(o, mc.from, mc.from_tables)) {
                            mc.unresolved = true;
                            // Read from a relation that is a placeholder (`from {{ pkg.x() }}`) or
                            // from a name several nodes have.
                            if (mc.reason.empty() && o.relation < ql.relations.size() &&
                                !ql.relations[o.relation].parts.empty()) {
                                const sql::RelationName& r = ql.relations[o.relation];
                                mc.reason = sql::unavailable_macro_reason(r.parts.back());
                                if (mc.reason.empty()) {
                                    mc.reason = "upstream not analysed: " + r.str() + " names several nodes";
                                }
                            }
                        }
                    }
                    names.push_back(c.name);
                    ml.columns.push_back(std::move(mc));
                }
                for (const auto& o : ql.filter_columns) {
                    map_origin(o, ml.filter_columns, ml.filter_tables);
                }
                if (ql.columns_complete) {
                    out.known[id] = std::move(names);
                } else if (!m.columns.empty()) {
                    out.known[id] = names_of(m.columns);
                }
                if (ql.star_unresolved) {
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

} // namespace

ColumnLineage column_lineage(Snapshot& snapshot, unsigned jobs) {
    return trace(snapshot, jobs, nullptr);
}

ColumnLineage column_lineage(Snapshot& snapshot, unsigned jobs, const std::vector<bool>& only) {
    return trace(snapshot, jobs, &only);
}

} // namespace dpipe::project
