// Lineage of queries: CTE environments, set operations, FROM scopes and * expansion.
#include "sql/lineage_impl.hpp"

#include <algorithm>
#include <cctype>

namespace dpipe::sql {

using namespace detail;

std::string RelationName::str() const {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) {
            out += '.';
        }
        out += p;
    }
    return out;
}

const char* derivation_name(Derivation d) {
    switch (d) {
    case Derivation::Copy: return "copy";
    case Derivation::Rename: return "rename";
    case Derivation::Transform: return "transform";
    case Derivation::Aggregate: return "aggregate";
    }
    return "transform";
}

std::string unavailable_macro_reason(std::string_view name) {
    // Kept in step with tmpl::k_unavailable_prefix (sql does not depend on template).
    constexpr std::string_view k_prefix = "__dpipe_unavailable__";
    if (name.size() <= k_prefix.size() || !iequal(name.substr(0, k_prefix.size()), k_prefix)) {
        return {};
    }
    std::string rest(name.substr(k_prefix.size()));
    // A dialect that folds unquoted names to upper case folded the marker too.
    if (std::none_of(rest.begin(), rest.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        std::transform(rest.begin(), rest.end(), rest.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    }
    std::size_t sep = rest.find("__");
    if (sep == std::string::npos || sep == 0 || sep + 2 >= rest.size()) {
        return "macro " + rest + " unavailable";
    }
    return "macro " + rest.substr(0, sep) + "." + rest.substr(sep + 2) + " unavailable";
}

std::string whole_placeholder_reason(std::string_view sql) {
    std::string_view word;
    std::size_t i = 0;
    while (i < sql.size()) {
        char c = sql[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
            ++i;
        } else if (sql.substr(i, 2) == "--") {
            std::size_t end = sql.find('\n', i);
            i = end == std::string_view::npos ? sql.size() : end;
        } else if (sql.substr(i, 2) == "/*") {
            std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (!word.empty()) {
            return {}; // a second token
        } else {
            std::size_t start = i;
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) {
                ++i;
            }
            if (i == start) {
                return {};
            }
            word = sql.substr(start, i - start);
        }
    }
    return unavailable_macro_reason(word);
}

namespace detail {

namespace {
constexpr int k_max_depth = 1000;

struct DepthCount {
    int& d;
    explicit DepthCount(int& depth) : d(depth) { ++d; }
    ~DepthCount() { --d; }
};

std::vector<std::string_view> ident_texts(const Ast& ast, NodeId id) {
    std::vector<std::string_view> out;
    for (NodeId c : ast.children(id)) {
        if (ast.node(c).kind == NodeKind::Ident) {
            out.push_back(ast.node(c).text);
        }
    }
    return out;
}

void apply_renames(const Ast& ast, NodeId alias, Shape& shape) {
    NodeId list = alias == k_no_node ? k_no_node : ast.child_of_kind(alias, NodeKind::ColumnList);
    if (list == k_no_node) {
        return;
    }
    shape.passthrough.reset();
    auto names = ast.children(list);
    for (std::size_t i = 0; i < names.size() && i < shape.columns.size(); ++i) {
        ColumnInfo& c = shape.columns[i];
        c.name = std::string(ast.node(names[i]).text);
        if (c.how == Derivation::Copy) {
            bool same = std::all_of(c.from.begin(), c.from.end(),
                                    [&](const ColumnOrigin& o) { return iequal(o.column, c.name); });
            c.how = same ? Derivation::Copy : Derivation::Rename;
        }
    }
}

} // namespace

Analyzer::Analyzer(const Ast& ast, Dialect dialect, const SchemaLookup& lookup)
    : m_ast(ast), m_dialect(dialect), m_lookup(lookup) {}

QueryLineage Analyzer::run(NodeId q) {
    Shape s = query(q, nullptr, nullptr);
    for (ColumnInfo& c : s.columns) {
        m_result.columns.push_back(OutputColumn{std::move(c.name), c.how, std::move(c.from), c.unresolved, std::move(c.reason), c.loc});
    }
    if (!s.complete) {
        m_result.star_unresolved = true;
        m_result.columns_complete = false;
    }
    order_relations();
    return std::move(m_result);
}

void Analyzer::order_relations() {
    std::size_t n = m_result.relations.size();
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return m_first_offset[a] < m_first_offset[b]; });
    std::vector<std::size_t> new_index(n);
    std::vector<RelationName> sorted;
    sorted.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        new_index[order[i]] = i;
        sorted.push_back(std::move(m_result.relations[order[i]]));
    }
    m_result.relations = std::move(sorted);
    for (OutputColumn& c : m_result.columns) {
        for (ColumnOrigin& o : c.from) {
            o.relation = new_index[o.relation];
        }
    }
    for (ColumnOrigin& o : m_result.filter_columns) {
        o.relation = new_index[o.relation];
    }
}

Shape Analyzer::query(NodeId q, const Scope* outer, const CteEnv* env) {
    DepthCount depth(m_depth);
    if (m_depth > k_max_depth || m_ast.node(q).kind != NodeKind::Query) {
        return query_body(q, outer, env);
    }
    NodeId body = k_no_node;
    for (NodeId c : m_ast.children(q)) {
        NodeKind k = m_ast.node(c).kind;
        if (k == NodeKind::With) {
            env = with(c, outer, env);
        } else if (body == k_no_node && (k == NodeKind::Select || k == NodeKind::SetOp || k == NodeKind::Values ||
                                         k == NodeKind::Query || k == NodeKind::Opaque)) {
            body = c;
        }
    }
    if (body == k_no_node) {
        return incomplete_shape("unsupported construct: no query body");
    }
    return query_body(body, outer, env);
}

Shape Analyzer::query_body(NodeId body, const Scope* outer, const CteEnv* env) {
    if (m_depth > k_max_depth) {
        return incomplete_shape();
    }
    const Node& n = m_ast.node(body);
    switch (n.kind) {
    case NodeKind::Select: return select(body, outer, env);
    case NodeKind::Values: return values(body, outer, env);
    case NodeKind::Query: return query(body, outer, env);
    case NodeKind::SetOp: {
        auto c = m_ast.children(body);
        if (c.size() < 2) {
            return incomplete_shape();
        }
        DepthCount depth(m_depth);
        Shape left = query_body(c[0], outer, env);
        Shape right = query_body(c[1], outer, env);
        for (std::size_t i = 0; i < left.columns.size() && i < right.columns.size(); ++i) {
            ColumnInfo& l = left.columns[i];
            const ColumnInfo& r = right.columns[i];
            merge_origins(l.from, r.from);
            l.how = stronger(l.how, r.how);
            l.unresolved = l.unresolved || r.unresolved;
            note_reason(l.reason, r.reason);
        }
        left.complete = left.complete && right.complete;
        left.passthrough.reset(); // columns not listed are matched by position, not by name
        return left;
    }
    case NodeKind::Opaque:
        if (n.text.empty()) {
            return incomplete_shape("a macro rendered an empty query here (it reads the warehouse when dbt runs)");
        }
        return incomplete_shape("unsupported construct: " + std::string(n.text.substr(0, 40)));
    default: return incomplete_shape("unsupported construct");
    }
}

Shape Analyzer::values(NodeId v, const Scope* outer, const CteEnv* env) {
    Shape out;
    Scope scope;
    scope.parent = outer;
    for (NodeId row : m_ast.children(v)) {
        auto items = m_ast.children(row);
        for (std::size_t i = 0; i < items.size(); ++i) {
            ExprInfo info = expr(items[i], scope, env, false);
            if (out.columns.size() <= i) {
                ColumnInfo c;
                c.name = "column" + std::to_string(i + 1);
                c.how = Derivation::Transform;
                c.loc = m_ast.loc(items[i]);
                out.columns.push_back(std::move(c));
            }
            merge_origins(out.columns[i].from, info.from);
            out.columns[i].how = stronger(Derivation::Transform, info.aggregate ? Derivation::Aggregate : info.inner);
            out.columns[i].unresolved = out.columns[i].unresolved || info.unresolved;
            note_reason(out.columns[i].reason, info.reason);
        }
    }
    return out;
}

const CteEnv* Analyzer::with(NodeId w, const Scope* outer, const CteEnv* env) {
    bool recursive = m_ast.node(w).has(k_flag_recursive);
    std::vector<CteEntry*> added;
    for (NodeId cte : m_ast.children(w)) {
        auto c = m_ast.children(cte);
        if (c.empty() || m_ast.node(c[0]).kind != NodeKind::Ident) {
            continue;
        }
        if (m_ast.node(cte).text == "EXPR") {
            if (c.size() > 1) {
                m_named_exprs.emplace_back(m_ast.node(c[0]).text, c[1]);
            }
            continue;
        }
        CteEntry& e = m_entries.emplace_back();
        e.name = m_ast.node(c[0]).text;
        e.node = cte;
        e.recursive = recursive || (m_dialect == Dialect::Snowflake && implicitly_recursive(m_ast, cte));
        const CteEnv* prev = env;
        CteEnv& link = m_envs.emplace_back();
        link.parent = env;
        link.entry = &e;
        env = &link;
        e.body_env = e.recursive ? env : prev;
        added.push_back(&e);
    }
    for (CteEntry* e : added) {
        cte_shape(*e, outer);
    }
    return env;
}

const Shape& Analyzer::cte_shape(CteEntry& e, const Scope* outer) {
    if (e.done || e.in_progress) {
        return e.shape;
    }
    e.in_progress = true;
    NodeId cols = m_ast.child_of_kind(e.node, NodeKind::ColumnList);
    NodeId q = m_ast.child_of_kind(e.node, NodeKind::Query);
    // A recursive CTE refers to itself: its shape while in progress is that of the anchor branch.
    e.shape = incomplete_shape();
    if (cols != k_no_node) {
        for (NodeId c : m_ast.children(cols)) {
            ColumnInfo info;
            info.name = std::string(m_ast.node(c).text);
            e.shape.columns.push_back(std::move(info));
        }
        e.shape.complete = true;
    }
    if (q != k_no_node && e.recursive) {
        NodeId body = k_no_node;
        for (NodeId c : m_ast.children(q)) {
            if (m_ast.node(c).kind == NodeKind::SetOp) {
                body = c;
            }
        }
        if (body != k_no_node && !m_ast.children(body).empty()) {
            Shape anchor = query_body(m_ast.children(body)[0], nullptr, e.body_env);
            if (cols != k_no_node) {
                for (std::size_t i = 0; i < anchor.columns.size() && i < e.shape.columns.size(); ++i) {
                    anchor.columns[i].name = e.shape.columns[i].name;
                }
            }
            e.shape = std::move(anchor);
        }
    }
    Shape s = q == k_no_node ? incomplete_shape() : query(q, nullptr, e.body_env);
    if (cols != k_no_node) {
        s.passthrough.reset();
        auto names = m_ast.children(cols);
        for (std::size_t i = 0; i < names.size() && i < s.columns.size(); ++i) {
            ColumnInfo& c = s.columns[i];
            c.name = std::string(m_ast.node(names[i]).text);
            if (c.how == Derivation::Copy) {
                bool same = std::all_of(c.from.begin(), c.from.end(),
                                        [&](const ColumnOrigin& o) { return iequal(o.column, c.name); });
                c.how = same ? Derivation::Copy : Derivation::Rename;
            }
        }
    }
    e.shape = std::move(s);
    e.in_progress = false;
    e.done = true;
    return e.shape;
}

std::size_t Analyzer::relation_index(const std::vector<std::string_view>& parts, NodeId ref) {
    std::uint32_t offset = m_ast.node(ref).begin;
    for (std::size_t i = 0; i < m_result.relations.size(); ++i) {
        const auto& r = m_result.relations[i].parts;
        if (r.size() == parts.size() && std::equal(r.begin(), r.end(), parts.begin())) {
            if (offset < m_first_offset[i]) {
                m_first_offset[i] = offset;
                m_result.relations[i].loc = m_ast.loc(ref);
            }
            return i;
        }
    }
    RelationName name;
    for (std::string_view p : parts) {
        name.parts.emplace_back(p);
    }
    name.loc = m_ast.loc(ref);
    m_first_offset.push_back(offset);
    m_result.relations.push_back(std::move(name));
    m_schemas.emplace_back();
    m_schema_loaded.push_back(false);
    return m_result.relations.size() - 1;
}

const std::vector<std::string>* Analyzer::schema(std::size_t relation) {
    if (!m_schema_loaded[relation]) {
        m_schema_loaded[relation] = true;
        if (m_lookup) {
            m_schemas[relation] = m_lookup(m_result.relations[relation]);
        }
    }
    return m_schemas[relation] ? &*m_schemas[relation] : nullptr;
}

void Analyzer::table_ref(NodeId item, Scope& scope, const CteEnv* env) {
    Source src;
    src.parts = ident_texts(m_ast, item);
    NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
    if (alias != k_no_node && !m_ast.children(alias).empty()) {
        src.alias = m_ast.node(m_ast.children(alias)[0]).text;
    } else if (!src.parts.empty()) {
        src.alias = src.parts.back();
    }
    if (src.parts.empty()) {
        src.kind = Source::Kind::Unknown;
        scope.sources.push_back(std::move(src));
        return;
    }
    if (src.parts.size() == 1) {
        for (const CteEnv* e = env; e; e = e->parent) {
            if (iequal(e->entry->name, src.parts[0])) {
                src.kind = Source::Kind::Derived;
                src.shape = cte_shape(*e->entry, nullptr);
                apply_renames(m_ast, alias, src.shape);
                scope.sources.push_back(std::move(src));
                return;
            }
        }
    }
    src.kind = Source::Kind::Physical;
    src.relation = relation_index(src.parts, item);
    src.columns = schema(src.relation);
    NodeId list = alias == k_no_node ? k_no_node : m_ast.child_of_kind(alias, NodeKind::ColumnList);
    if (list != k_no_node) {
        for (NodeId c : m_ast.children(list)) {
            src.renamed.emplace_back(m_ast.node(c).text);
        }
    }
    scope.sources.push_back(std::move(src));
}

void Analyzer::from_item(NodeId item, Scope& scope, const Scope* outer, const CteEnv* env) {
    DepthCount depth(m_depth);
    if (m_depth > k_max_depth) {
        return;
    }
    const Node& n = m_ast.node(item);
    auto c = m_ast.children(item);
    switch (n.kind) {
    case NodeKind::TableRef: table_ref(item, scope, env); return;
    case NodeKind::DerivedTable: {
        Source src;
        src.kind = Source::Kind::Derived;
        src.shape = query(c[0], n.has(k_flag_lateral) ? &scope : outer, env);
        NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
        if (alias != k_no_node) {
            src.alias = m_ast.node(m_ast.children(alias)[0]).text;
            apply_renames(m_ast, alias, src.shape);
        }
        scope.sources.push_back(std::move(src));
        return;
    }
    case NodeKind::TableFunc: {
        Source src;
        src.kind = Source::Kind::Function;
        NodeId call = c[0];
        ExprInfo info = expr(call, scope, env, false);
        src.func_origins = std::move(info.from);
        std::vector<std::string_view> name = ident_texts(m_ast, call);
        src.func_name = name.empty() ? std::string_view{} : name.back();
        src.alias = src.func_name;
        if (iequal(src.func_name, "table")) {
            // Snowflake's TABLE(FLATTEN(...)): the function is the argument.
            for (NodeId arg : m_ast.children(call)) {
                if (m_ast.node(arg).kind == NodeKind::FuncCall) {
                    std::vector<std::string_view> inner = ident_texts(m_ast, arg);
                    src.func_name = inner.empty() ? src.func_name : inner.back();
                    break;
                }
            }
        }
        src.fixed_columns = table_function_columns(src.func_name, m_dialect);
        NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
        if (alias != k_no_node) {
            src.alias = m_ast.node(m_ast.children(alias)[0]).text;
            NodeId list = m_ast.child_of_kind(alias, NodeKind::ColumnList);
            if (list != k_no_node) {
                for (NodeId col : m_ast.children(list)) {
                    src.renamed.emplace_back(m_ast.node(col).text);
                }
            }
        }
        scope.sources.push_back(std::move(src));
        return;
    }
    case NodeKind::Join: {
        if (n.text == "NESTED") {
            from_item(c[0], scope, outer, env);
            return;
        }
        std::size_t first = scope.sources.size();
        from_item(c[0], scope, outer, env);
        std::size_t right = scope.sources.size();
        if (c.size() > 1 && m_ast.node(c[1]).kind == NodeKind::Clause && m_ast.node(c[1]).text.empty()) {
            array_join(c[1], scope, env);
        } else if (c.size() > 1) {
            from_item(c[1], scope, outer, env);
        }
        for (std::size_t i = 2; i < c.size(); ++i) {
            const Node& cond = m_ast.node(c[i]);
            if ((cond.kind == NodeKind::On || cond.kind == NodeKind::Clause) && cond.child_count > 0) {
                expr(m_ast.children(c[i])[0], scope, env, true);
            } else if (cond.kind == NodeKind::Using) {
                for (NodeId id : m_ast.children(c[i])) {
                    std::string_view col = m_ast.node(id).text;
                    for (std::size_t s = first; s < scope.sources.size(); ++s) {
                        if (has_column(scope.sources[s], col) != Has::No) {
                            Resolved r = from_source(scope.sources[s], col);
                            add_filter(r.from);
                        }
                        if (s >= right) {
                            scope.sources[s].using_columns.push_back(col);
                        }
                    }
                }
            }
        }
        return;
    }
    case NodeKind::Pivot: {
        Scope inner;
        inner.parent = outer;
        from_item(c[0], inner, outer, env);
        if (c.size() > 1) {
            expr(c[1], inner, env, false);
        }
        Source src;
        if (n.text != "UNPIVOT" || !unpivot(item, inner, src)) {
            src.kind = Source::Kind::Unknown;
            src.reason = "unsupported construct: " + std::string(n.text);
        }
        NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
        if (alias != k_no_node) {
            src.alias = m_ast.node(m_ast.children(alias)[0]).text;
            if (src.kind == Source::Kind::Derived) {
                apply_renames(m_ast, alias, src.shape);
            }
        } else if (src.kind == Source::Kind::Derived && inner.sources.size() == 1) {
            src.alias = inner.sources[0].alias;
        }
        scope.sources.push_back(std::move(src));
        return;
    }
    default: return;
    }
}

void Analyzer::array_join(NodeId clause, Scope& scope, const CteEnv* env) {
    for (NodeId item : m_ast.children(clause)) {
        auto c = m_ast.children(item);
        if (m_ast.node(item).kind != NodeKind::SelectItem || c.empty()) {
            continue;
        }
        Source src;
        src.kind = Source::Kind::Function;
        src.array_join = true;
        src.func_origins = expr(c[0], scope, env, false).from;
        NodeId alias = m_ast.child_of_kind(item, NodeKind::Alias);
        if (alias != k_no_node && m_ast.node(alias).child_count > 0) {
            src.alias = m_ast.node(m_ast.children(alias)[0]).text;
        } else if (m_ast.node(c[0]).kind == NodeKind::ColumnRef && m_ast.node(c[0]).child_count > 0) {
            src.alias = m_ast.node(m_ast.children(c[0])[m_ast.node(c[0]).child_count - 1]).text;
        }
        src.renamed.emplace_back(src.alias);
        scope.sources.push_back(std::move(src));
    }
}

} // namespace detail

QueryLineage lineage(const Statement& statement, Dialect dialect, const SchemaLookup& lookup) {
    NodeId q = statement.query();
    if (q == k_no_node) {
        return {};
    }
    Analyzer analyzer(*statement.ast, dialect, lookup);
    return analyzer.run(q);
}

std::vector<TableReference> table_references(const Statement& statement) {
    std::vector<TableReference> out;
    if (!statement.ast || statement.node == k_no_node) {
        return out;
    }
    const Ast& ast = *statement.ast;
    std::vector<std::string_view> ctes;
    std::vector<NodeId> refs;
    std::vector<NodeId> work{statement.node};
    while (!work.empty()) {
        NodeId id = work.back();
        work.pop_back();
        const Node& n = ast.node(id);
        if (n.kind == NodeKind::Cte && n.child_count > 0) {
            ctes.push_back(ast.node(ast.children(id)[0]).text);
        } else if (n.kind == NodeKind::TableRef) {
            refs.push_back(id);
        }
        auto kids = ast.children(id);
        for (std::size_t i = kids.size(); i > 0; --i) {
            work.push_back(kids[i - 1]);
        }
    }
    for (NodeId id : refs) {
        TableReference ref;
        for (NodeId c : ast.children(id)) {
            if (ast.node(c).kind == NodeKind::Ident) {
                ref.name.parts.emplace_back(ast.node(c).text);
            }
        }
        ref.name.loc = ast.loc(id);
        ref.is_cte = ref.name.parts.size() == 1 &&
                     std::any_of(ctes.begin(), ctes.end(), [&](std::string_view c) { return iequal(c, ref.name.parts[0]); });
        out.push_back(std::move(ref));
    }
    return out;
}

} // namespace dpipe::sql
