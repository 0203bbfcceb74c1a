// Lineage of one SELECT: its FROM scope, select list (with * expansion) and filter clauses.
#include "sql/lineage_impl.hpp"

#include <algorithm>
#include <optional>

namespace dpipe::sql::detail {

namespace {

// Whether the subtree at `id` has a FROM item named `name` (one part).
bool reads_name(const Ast& ast, NodeId id, std::string_view name) {
    std::vector<NodeId> work{id};
    while (!work.empty()) {
        NodeId at = work.back();
        work.pop_back();
        const Node& n = ast.node(at);
        if (n.kind == NodeKind::TableRef) {
            std::size_t parts = 0;
            bool same = false;
            for (NodeId c : ast.children(at)) {
                if (ast.node(c).kind == NodeKind::Ident) {
                    ++parts;
                    same = iequal(ast.node(c).text, name);
                }
            }
            if (parts == 1 && same) {
                return true;
            }
        }
        for (NodeId c : ast.children(at)) {
            work.push_back(c);
        }
    }
    return false;
}

} // namespace

bool implicitly_recursive(const Ast& ast, NodeId cte) {
    auto c = ast.children(cte);
    NodeId q = ast.child_of_kind(cte, NodeKind::Query);
    if (c.empty() || q == k_no_node) {
        return false;
    }
    std::string_view name = ast.node(c[0]).text;
    NodeId body = ast.child_of_kind(q, NodeKind::SetOp);
    if (body == k_no_node) {
        return false;
    }
    auto branches = ast.children(body);
    if (branches.size() < 2 || reads_name(ast, branches[0], name)) {
        return false;
    }
    for (std::size_t i = 1; i < branches.size(); ++i) {
        if (reads_name(ast, branches[i], name)) {
            return true;
        }
    }
    return false;
}

Shape Analyzer::select(NodeId s, const Scope* outer, const CteEnv* env) {
    Scope scope;
    scope.parent = outer;
    NodeId from = m_ast.child_of_kind(s, NodeKind::From);
    if (from != k_no_node) {
        for (NodeId item : m_ast.children(from)) {
            from_item(item, scope, outer, env);
        }
    }
    Shape out;
    // Earlier items of the list are visible to later ones by their alias where nothing in FROM
    // has the name (lateral column aliases: ClickHouse, Snowflake, Databricks, DuckDB, Redshift).
    scope.select_items = &out.columns;
    NodeId list = m_ast.child_of_kind(s, NodeKind::SelectList);
    if (list != k_no_node) {
        for (NodeId item : m_ast.children(list)) {
            if (m_ast.node(item).kind == NodeKind::Star) {
                expand_star(item, scope, env, out);
            } else if (m_ast.node(item).kind == NodeKind::SelectItem && m_ast.node(item).child_count > 0) {
                out.columns.push_back(item_column(item, scope, env));
            }
        }
    }
    scope.select_items = &out.columns;
    for (NodeId c : m_ast.children(s)) {
        const Node& clause = m_ast.node(c);
        switch (clause.kind) {
        case NodeKind::Where:
        case NodeKind::Having:
        case NodeKind::Qualify:
        case NodeKind::Clause: // PREWHERE, START WITH, CONNECT BY
            for (NodeId e : m_ast.children(c)) {
                expr(e, scope, env, true);
            }
            break;
        case NodeKind::GroupBy:
            for (NodeId e : m_ast.children(c)) {
                const Node& g = m_ast.node(e);
                if (g.kind == NodeKind::Literal && g.has(k_flag_number)) {
                    std::size_t k = 0;
                    for (char ch : g.text) {
                        k = ch >= '0' && ch <= '9' && k < 100000 ? k * 10 + static_cast<std::size_t>(ch - '0') : k;
                    }
                    if (k >= 1 && k <= out.columns.size()) {
                        add_filter(out.columns[k - 1].from);
                    }
                } else {
                    expr(e, scope, env, true);
                }
            }
            break;
        case NodeKind::Window:
            for (NodeId def : m_ast.children(c)) {
                NodeId over = m_ast.child_of_kind(def, NodeKind::Over);
                if (over != k_no_node) {
                    window(over, scope, env);
                }
            }
            break;
        case NodeKind::DistinctOn:
            for (NodeId e : m_ast.children(c)) {
                expr(e, scope, env, false);
            }
            break;
        default: break;
        }
    }
    return out;
}

ColumnInfo Analyzer::item_column(NodeId item, const Scope& scope, const CteEnv* env) {
    auto c = m_ast.children(item);
    NodeId e = c[0];
    ExprInfo info = expr(e, scope, env, false);
    ColumnInfo col;
    NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
    if (alias != k_no_node && m_ast.node(alias).child_count > 0) {
        col.name = std::string(m_ast.node(m_ast.children(alias)[0]).text);
    } else {
        col.name = output_name(e);
    }
    col.loc = m_ast.loc(item);
    col.unresolved = info.unresolved;
    col.reason = std::move(info.reason);
    col.from = std::move(info.from);
    if (info.aggregate) {
        col.how = Derivation::Aggregate;
    } else if (info.bare && !info.unresolved) {
        if (info.inner == Derivation::Transform || info.inner == Derivation::Aggregate) {
            col.how = info.inner;
        } else {
            bool same = std::all_of(col.from.begin(), col.from.end(),
                                    [&](const ColumnOrigin& o) { return iequal(o.column, col.name); });
            col.how = same ? Derivation::Copy : Derivation::Rename;
        }
    } else {
        col.how = stronger(Derivation::Transform, info.inner);
    }
    return col;
}

bool Analyzer::unpivot(NodeId item, Scope& inner, Source& out) {
    NodeId spec = m_ast.child_of_kind(item, NodeKind::PivotSpec);
    if (spec == k_no_node || inner.sources.size() != 1) {
        return false;
    }
    auto parts = m_ast.children(spec);
    if (parts.size() != 3 || m_ast.node(parts[0]).kind != NodeKind::SelectList ||
        m_ast.node(parts[2]).kind != NodeKind::SelectList || m_ast.node(parts[0]).child_count != 1) {
        return false;
    }
    auto bare_name = [&](NodeId e) -> std::string_view {
        if (m_ast.node(e).kind == NodeKind::SelectItem && m_ast.node(e).child_count > 0) {
            e = m_ast.children(e)[0];
        }
        const Node& n = m_ast.node(e);
        if (n.kind != NodeKind::ColumnRef || n.child_count != 1) {
            return {};
        }
        return m_ast.node(m_ast.children(e)[0]).text;
    };
    std::string_view value = bare_name(m_ast.children(parts[0])[0]);
    std::string_view name = bare_name(parts[1]);
    if (value.empty() || name.empty()) {
        return false;
    }
    std::vector<std::string_view> unpivoted;
    ColumnInfo from;
    from.how = Derivation::Transform;
    for (NodeId in : m_ast.children(parts[2])) {
        std::string_view col = bare_name(in);
        if (col.empty()) {
            return false;
        }
        unpivoted.push_back(col);
        Resolved r = from_source(inner.sources[0], col);
        if (!r.found) {
            from.unresolved = true;
            note_reason(from.reason, r.reason.empty() ? unresolved_reason({col}, inner) : r.reason);
        }
        merge_origins(from.from, r.from);
    }
    out.kind = Source::Kind::Derived;
    std::vector<ColumnInfo> cols;
    bool complete = true;
    source_columns(inner.sources[0], cols, complete);
    for (ColumnInfo& c : cols) {
        if (std::none_of(unpivoted.begin(), unpivoted.end(), [&](std::string_view u) { return iequal(u, c.name); })) {
            out.shape.columns.push_back(std::move(c));
        }
    }
    out.shape.complete = complete;
    if (!complete) {
        out.shape.reason = unresolved_reason({value}, inner);
        const Source& src = inner.sources[0];
        if (src.kind == Source::Kind::Physical && !src.columns && src.renamed.empty()) {
            out.shape.passthrough = src.relation;
        } else if (src.kind == Source::Kind::Derived && src.shape.passthrough) {
            out.shape.passthrough = src.shape.passthrough;
            out.shape.passthrough_excluded = src.shape.passthrough_excluded;
        }
        for (std::string_view u : unpivoted) {
            out.shape.passthrough_excluded.emplace_back(u);
        }
    }
    from.name = std::string(name);
    from.loc = m_ast.loc(parts[1]);
    out.shape.columns.push_back(from);
    from.name = std::string(value);
    from.loc = m_ast.loc(parts[0]);
    out.shape.columns.push_back(std::move(from));
    return true;
}

void Analyzer::source_columns(const Source& src, std::vector<ColumnInfo>& out, bool& complete) const {
    switch (src.kind) {
    case Source::Kind::Physical: {
        if (!src.columns) {
            complete = false;
            return;
        }
        for (std::size_t i = 0; i < src.columns->size(); ++i) {
            ColumnInfo c;
            const std::string& orig = (*src.columns)[i];
            c.name = i < src.renamed.size() ? src.renamed[i] : orig;
            c.how = iequal(c.name, orig) ? Derivation::Copy : Derivation::Rename;
            c.from.push_back(ColumnOrigin{src.relation, orig});
            out.push_back(std::move(c));
        }
        return;
    }
    case Source::Kind::Derived:
        out.insert(out.end(), src.shape.columns.begin(), src.shape.columns.end());
        complete = complete && src.shape.complete;
        return;
    case Source::Kind::Function:
        if (!src.renamed.empty()) {
            for (const std::string& name : src.renamed) {
                ColumnInfo c;
                c.name = name;
                c.how = Derivation::Transform;
                c.from = src.func_origins;
                out.push_back(std::move(c));
            }
        } else if (src.fixed_columns) {
            for (const std::string& name : *src.fixed_columns) {
                ColumnInfo c;
                c.name = name;
                c.how = Derivation::Transform;
                c.from = src.func_origins;
                out.push_back(std::move(c));
            }
        } else if (iequal(src.func_name, "unnest")) {
            ColumnInfo c;
            c.name = std::string(src.alias);
            c.how = Derivation::Transform;
            c.from = src.func_origins;
            out.push_back(std::move(c));
        } else {
            complete = false;
        }
        return;
    case Source::Kind::Unknown: complete = false; return;
    }
}

void Analyzer::expand_star(NodeId star, const Scope& scope, const CteEnv* env, Shape& out) {
    std::vector<std::string_view> qual;
    std::vector<NodeId> modifiers;
    for (NodeId c : m_ast.children(star)) {
        if (m_ast.node(c).kind == NodeKind::Ident) {
            qual.push_back(m_ast.node(c).text);
        } else if (m_ast.node(c).kind == NodeKind::StarModifier) {
            modifiers.push_back(c);
        }
    }
    std::vector<ColumnInfo> cols;
    bool complete = true;
    bool matched = false;
    // The one source whose columns are unknown, if its unlisted columns pass through by name.
    std::optional<std::size_t> through;
    std::vector<std::string> excluded;
    int unknown_sources = 0;
    bool through_ok = true;
    for (const Source& src : scope.sources) {
        if (!qual.empty()) {
            bool by_alias = qual.size() == 1 && iequal(src.alias, qual[0]);
            bool by_name = src.parts.size() >= qual.size() &&
                           std::equal(qual.rbegin(), qual.rend(), src.parts.rbegin(),
                                      [](std::string_view a, std::string_view b) { return iequal(a, b); });
            if (!by_alias && !by_name) {
                continue;
            }
        }
        matched = true;
        std::vector<ColumnInfo> mine;
        bool mine_complete = true;
        source_columns(src, mine, mine_complete);
        if (!mine_complete) {
            complete = false;
            ++unknown_sources;
            if (src.kind == Source::Kind::Physical && !src.columns && src.renamed.empty()) {
                through = src.relation;
            } else if (src.kind == Source::Kind::Derived && src.shape.passthrough) {
                through = src.shape.passthrough;
                excluded = src.shape.passthrough_excluded;
                for (const ColumnInfo& c : src.shape.columns) {
                    excluded.push_back(c.name); // listed there: not passed through by name
                }
            } else {
                through_ok = false;
            }
        }
        for (ColumnInfo& c : mine) {
            bool hidden = qual.empty() &&
                          std::any_of(src.using_columns.begin(), src.using_columns.end(),
                                      [&](std::string_view u) { return iequal(u, c.name); }) &&
                          std::any_of(cols.begin(), cols.end(), [&](const ColumnInfo& x) { return iequal(x.name, c.name); });
            if (!hidden) {
                cols.push_back(std::move(c));
            }
        }
    }
    if (!matched) {
        complete = false;
    }
    for (NodeId m : modifiers) {
        std::string_view which = m_ast.node(m).text;
        for (NodeId arg : m_ast.children(m)) {
            const Node& a = m_ast.node(arg);
            if (a.kind == NodeKind::Ident) {
                excluded.emplace_back(a.text);
                cols.erase(std::remove_if(cols.begin(), cols.end(),
                                          [&](const ColumnInfo& c) { return iequal(c.name, a.text); }),
                           cols.end());
                continue;
            }
            if (a.kind != NodeKind::SelectItem) {
                continue;
            }
            NodeId alias = m_ast.child_of_kind(arg, NodeKind::Alias);
            if (alias == k_no_node || m_ast.node(alias).child_count == 0) {
                continue;
            }
            std::string_view name = m_ast.node(m_ast.children(alias)[0]).text;
            excluded.emplace_back(name);
            excluded.push_back(output_name(m_ast.children(arg)[0]));
            if (which == "REPLACE") {
                for (ColumnInfo& c : cols) {
                    if (iequal(c.name, name)) {
                        ColumnInfo replaced = item_column(arg, scope, env);
                        replaced.name = c.name;
                        c = std::move(replaced);
                    }
                }
            } else { // RENAME old AS new
                std::string old = output_name(m_ast.children(arg)[0]);
                for (ColumnInfo& c : cols) {
                    if (iequal(c.name, old)) {
                        c.name = std::string(name);
                        if (c.how == Derivation::Copy) {
                            c.how = Derivation::Rename;
                        }
                    }
                }
            }
        }
    }
    core::SourceLoc loc = m_ast.loc(star);
    for (ColumnInfo& c : cols) {
        c.loc = loc;
        out.columns.push_back(std::move(c));
    }
    if (!complete) {
        // Names this star lists are not passed through (a qualified star lists only its source's).
        for (const ColumnInfo& c : cols) {
            excluded.push_back(c.name);
        }
        if (through && through_ok && unknown_sources == 1 && out.complete && !out.passthrough) {
            out.passthrough = through;
            out.passthrough_excluded = std::move(excluded);
        } else {
            out.passthrough.reset();
            out.passthrough_excluded.clear();
        }
        out.complete = false;
        m_result.star_unresolved = true;
        if (out.reason.empty()) {
            out.reason = "select * over a relation whose columns are unknown";
            for (const Source& src : scope.sources) {
                if (src.kind == Source::Kind::Derived && !src.shape.complete && !src.shape.reason.empty()) {
                    out.reason = src.shape.reason;
                    break;
                }
                if (src.kind == Source::Kind::Unknown && !src.reason.empty()) {
                    out.reason = src.reason;
                    break;
                }
            }
        }
    }
}

} // namespace dpipe::sql::detail
