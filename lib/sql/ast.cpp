#include "sql/ast.hpp"

#include <algorithm>

namespace dpipe::sql {

const char* node_kind_name(NodeKind k) {
    static const char* const k_names[] = {
        "Statement", "Query", "With", "Cte", "SetOp", "Select", "SelectList", "SelectItem", "Star",
        "StarModifier", "From", "TableRef", "DerivedTable", "TableFunc", "Join", "Pivot", "PivotSpec",
        "Alias", "On", "Using", "Where", "GroupBy", "GroupingSet", "Having", "Qualify", "Window",
        "WindowDef", "OrderBy", "OrderItem", "Limit", "Offset", "Fetch", "Values", "DistinctOn",
        "ColumnList", "Ident", "ColumnRef", "FuncCall", "NamedArg", "Filter", "WithinGroup", "Over",
        "PartitionBy", "Frame", "BinaryOp", "UnaryOp", "Postfix", "Between", "InList", "InQuery",
        "Like", "IsDistinct", "Exists", "Subquery", "Case", "When", "Else", "Cast", "Extract",
        "Interval", "Literal", "TypedLiteral", "Param", "Array", "Struct", "StructField", "Row",
        "Subscript", "FieldAccess", "JsonPath", "Paren", "AtTimeZone", "Collate", "Type", "Opaque",
        "Clause",
    };
    auto i = static_cast<std::size_t>(k);
    return i < std::size(k_names) ? k_names[i] : "?";
}

const char* statement_kind_name(StatementKind k) {
    static const char* const k_names[] = {
        "query", "create", "insert", "update", "delete", "merge", "drop", "alter", "grant",
        "revoke", "truncate", "copy", "set", "use", "transaction", "call", "explain", "other",
    };
    auto i = static_cast<std::size_t>(k);
    return i < std::size(k_names) ? k_names[i] : "other";
}

Ast::Ast(std::string file, std::string source, Dialect dialect)
    : m_file(std::move(file)), m_source(std::move(source)), m_dialect(dialect) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < m_source.size(); ++i) {
        if (m_source[i] == '\n') {
            m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
        }
    }
}

Ast::Children Ast::children(NodeId id) const {
    const Node& n = m_nodes[id];
    const NodeId* b = m_children.data() + n.first_child;
    return Children{b, b + n.child_count};
}

NodeId Ast::child_of_kind(NodeId id, NodeKind kind) const {
    for (NodeId c : children(id)) {
        if (m_nodes[c].kind == kind) {
            return c;
        }
    }
    return k_no_node;
}

core::SourceLoc Ast::loc(NodeId id) const {
    const Node& n = m_nodes[id];
    return core::SourceLoc{m_file, static_cast<int>(n.line), static_cast<int>(n.col)};
}

core::SourceLoc Ast::loc_at(std::size_t offset) const {
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), static_cast<std::uint32_t>(offset));
    auto line = static_cast<std::size_t>(it - m_line_starts.begin());
    std::size_t col = offset - m_line_starts[line - 1] + 1;
    return core::SourceLoc{m_file, static_cast<int>(line), static_cast<int>(col)};
}

NodeId Ast::add(NodeKind kind, std::uint32_t begin, std::string_view text, std::uint16_t flags) {
    Node n;
    n.kind = kind;
    n.begin = begin;
    n.end = begin;
    n.text = text;
    n.flags = flags;
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), begin);
    auto line = static_cast<std::size_t>(it - m_line_starts.begin());
    n.line = static_cast<std::uint32_t>(line);
    n.col = begin - m_line_starts[line - 1] + 1;
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

void Ast::set_children(NodeId id, const NodeId* kids, std::size_t count) {
    Node& n = m_nodes[id];
    n.first_child = static_cast<std::uint32_t>(m_children.size());
    n.child_count = static_cast<std::uint32_t>(count);
    m_children.insert(m_children.end(), kids, kids + count);
}

std::string_view Ast::intern(std::string s) {
    m_strings.push_back(std::move(s));
    return m_strings.back();
}

bool same_structure(const Ast& a, NodeId na, const Ast& b, NodeId nb) {
    // Iterative to stay safe on deep trees.
    std::vector<std::pair<NodeId, NodeId>> work{{na, nb}};
    while (!work.empty()) {
        auto [x, y] = work.back();
        work.pop_back();
        const Node& p = a.node(x);
        const Node& q = b.node(y);
        if (p.kind != q.kind || p.flags != q.flags || p.text != q.text || p.child_count != q.child_count) {
            return false;
        }
        auto cp = a.children(x);
        auto cq = b.children(y);
        for (std::size_t i = 0; i < cp.size(); ++i) {
            work.emplace_back(cp[i], cq[i]);
        }
    }
    return true;
}

std::string dump(const Ast& ast, NodeId id) {
    std::string out;
    std::vector<std::pair<NodeId, int>> work{{id, 0}};
    while (!work.empty()) {
        auto [x, depth] = work.back();
        work.pop_back();
        const Node& n = ast.node(x);
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
        out += node_kind_name(n.kind);
        if (!n.text.empty()) {
            out += " '";
            out += n.text;
            out += "'";
        }
        if (n.flags != 0) {
            out += " [" + std::to_string(n.flags) + "]";
        }
        out += '\n';
        auto kids = ast.children(x);
        for (std::size_t i = kids.size(); i > 0; --i) {
            work.emplace_back(kids[i - 1], depth + 1);
        }
    }
    return out;
}

} // namespace dpipe::sql
