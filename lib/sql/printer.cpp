#include "sql/printer.hpp"

namespace dpipe::sql {

namespace {

class Printer {
public:
    explicit Printer(const Ast& ast) : m_ast(ast), m_quote(traits(ast.dialect()).ident_quote) {}

    std::string take() { return std::move(m_out); }

    void node(NodeId id);

private:
    const Node& n(NodeId id) const { return m_ast.node(id); }
    Ast::Children kids(NodeId id) const { return m_ast.children(id); }
    void put(std::string_view s) { m_out += s; }

    void list(NodeId id, std::string_view sep, std::size_t from = 0) {
        auto c = kids(id);
        for (std::size_t i = from; i < c.size(); ++i) {
            if (i > from) {
                put(sep);
            }
            node(at(c, i));
        }
    }

    static NodeId at(const Ast::Children& c, std::size_t i) { return i < c.size() ? c[i] : k_no_node; }

    void ident(NodeId id) {
        if (id == k_no_node) {
            return;
        }
        const Node& x = n(id);
        if (x.kind != NodeKind::Ident) {
            node(id);
            return;
        }
        if (!x.has(k_flag_quoted)) {
            put(x.text);
            return;
        }
        char close = m_quote;
        m_out += m_quote;
        for (char c : x.text) {
            m_out += c;
            if (c == close) {
                m_out += c;
            }
        }
        m_out += close;
    }

    // Name parts (the leading Ident children) joined with '.'; returns the index after them.
    std::size_t name_parts(NodeId id) {
        auto c = kids(id);
        std::size_t i = 0;
        for (; i < c.size() && n(at(c, i)).kind == NodeKind::Ident; ++i) {
            if (i > 0) {
                put(".");
            }
            ident(at(c, i));
        }
        return i;
    }

    void rest_spaced(NodeId id, std::size_t from) {
        auto c = kids(id);
        for (std::size_t i = from; i < c.size(); ++i) {
            put(" ");
            node(at(c, i));
        }
    }

    void function(NodeId id);
    void over_spec(NodeId id);
    void join(NodeId id);
    void table_item(NodeId id);

    const Ast& m_ast;
    char m_quote;
    std::string m_out;
};

void Printer::function(NodeId id) {
    const Node& f = n(id);
    std::size_t i = name_parts(id);
    if (f.has(k_flag_no_parens)) {
        return;
    }
    auto c = kids(id);
    put("(");
    if (f.has(k_flag_distinct)) {
        put("DISTINCT ");
    }
    if (f.has(k_flag_star)) {
        put("*");
    }
    bool first = true;
    for (; i < c.size(); ++i) {
        const Node& a = n(at(c, i));
        if (a.kind == NodeKind::Filter || a.kind == NodeKind::WithinGroup || a.kind == NodeKind::Over) {
            break;
        }
        if (a.kind == NodeKind::OrderBy || a.kind == NodeKind::Limit ||
            (a.kind == NodeKind::NamedArg && (a.text == "IGNORE NULLS" || a.text == "RESPECT NULLS"))) {
            put(first ? "" : " ");
            node(at(c, i));
        } else if (a.kind == NodeKind::NamedArg && a.text == ")(") {
            put(")(");
            list(at(c, i), ", ");
        } else if (a.kind == NodeKind::NamedArg && a.text == "=>") {
            put(first ? "" : ", ");
            list(at(c, i), " => ");
        } else if (a.kind == NodeKind::NamedArg && (a.text == "BOTH" || a.text == "LEADING" || a.text == "TRAILING")) {
            put(a.text);
            if (a.child_count > 0) {
                put(" ");
                list(at(c, i), " ");
            }
        } else if (a.kind == NodeKind::NamedArg) {
            put(first ? "" : " ");
            put(a.text);
            put(" ");
            list(at(c, i), " ");
        } else {
            put(first ? "" : ", ");
            node(at(c, i));
        }
        first = false;
    }
    put(")");
    for (; i < c.size(); ++i) {
        const Node& a = n(at(c, i));
        if (a.kind == NodeKind::Over) {
            if (f.has(k_flag_ignore_nulls)) {
                put(" IGNORE NULLS");
            } else if (f.has(k_flag_respect_nulls)) {
                put(" RESPECT NULLS");
            }
        }
        put(" ");
        node(at(c, i));
    }
    if (i == c.size() && kids(id).size() > 0 && n(c[c.size() - 1]).kind != NodeKind::Over) {
        if (f.has(k_flag_ignore_nulls)) {
            put(" IGNORE NULLS");
        } else if (f.has(k_flag_respect_nulls)) {
            put(" RESPECT NULLS");
        }
    }
}

void Printer::over_spec(NodeId id) {
    if (id == k_no_node) {
        return;
    }
    put("(");
    bool first = true;
    for (NodeId c : kids(id)) {
        put(first ? "" : " ");
        first = false;
        if (n(c).kind == NodeKind::Ident) {
            ident(c);
        } else {
            node(c);
        }
    }
    put(")");
}

void Printer::table_item(NodeId id) {
    const Node& t = n(id);
    if (t.has(k_flag_lateral)) {
        put("LATERAL ");
    }
    auto c = kids(id);
    std::size_t i = 0;
    if (t.kind == NodeKind::TableRef) {
        i = name_parts(id);
    } else if (t.kind == NodeKind::DerivedTable) {
        put("(");
        node(at(c, 0));
        put(")");
        i = 1;
    } else if (!c.empty()) {
        node(at(c, 0));
        i = 1;
    }
    for (; i < c.size(); ++i) {
        put(n(at(c, i)).kind == NodeKind::Alias ? " AS " : " ");
        node(at(c, i));
    }
}

void Printer::join(NodeId id) {
    const Node& j = n(id);
    auto c = kids(id);
    if (j.text == "NESTED") {
        put("(");
        node(at(c, 0));
        put(") AS ");
        node(at(c, 1));
        return;
    }
    node(at(c, 0));
    put(" ");
    if (j.has(k_flag_natural)) {
        put("NATURAL ");
    }
    put(j.text);
    put(" ");
    bool paren = c.size() > 1 && n(at(c, 1)).kind == NodeKind::Join && n(at(c, 1)).text != "NESTED";
    put(paren ? "(" : "");
    node(at(c, 1));
    put(paren ? ")" : "");
    for (std::size_t i = 2; i < c.size(); ++i) {
        if (n(at(c, i)).kind == NodeKind::On) {
            put(" ON ");
            list(at(c, i), "");
        } else if (n(at(c, i)).kind == NodeKind::Clause) {
            put(" MATCH_CONDITION (");
            list(at(c, i), "");
            put(")");
        } else {
            put(" USING (");
            list(at(c, i), ", ");
            put(")");
        }
    }
}

void Printer::node(NodeId id) {
    if (id == k_no_node) {
        return;
    }
    const Node& x = n(id);
    auto c = kids(id);
    switch (x.kind) {
    case NodeKind::Statement:
    case NodeKind::Query: list(id, " "); return;
    case NodeKind::With:
        put(x.has(k_flag_recursive) ? "WITH RECURSIVE " : "WITH ");
        list(id, ", ");
        return;
    case NodeKind::Cte: {
        if (x.text == "EXPR") {
            node(at(c, 1));
            put(" AS ");
            ident(at(c, 0));
            return;
        }
        ident(at(c, 0));
        std::size_t i = 1;
        if (i < c.size() && n(at(c, i)).kind == NodeKind::ColumnList) {
            put(" (");
            list(at(c, i), ", ");
            put(")");
            ++i;
        }
        put(" AS (");
        for (; i < c.size(); ++i) {
            node(at(c, i));
        }
        put(")");
        return;
    }
    case NodeKind::SetOp: {
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (i > 0) {
                put(" ");
                put(x.text);
                put(x.has(k_flag_all) ? " ALL " : x.has(k_flag_distinct) ? " DISTINCT " : " ");
            }
            bool paren = n(at(c, i)).kind == NodeKind::Query;
            put(paren ? "(" : "");
            node(at(c, i));
            put(paren ? ")" : "");
        }
        return;
    }
    case NodeKind::Select: {
        put("SELECT ");
        if (x.has(k_flag_distinct)) {
            put("DISTINCT ");
        }
        bool first = true;
        for (NodeId k : c) {
            put(first ? "" : " ");
            first = false;
            node(k);
        }
        return;
    }
    case NodeKind::DistinctOn: put("ON ("); list(id, ", "); put(")"); return;
    case NodeKind::SelectList: list(id, ", "); return;
    case NodeKind::SelectItem:
        node(at(c, 0));
        if (c.size() > 1) {
            put(" AS ");
            node(at(c, 1));
        }
        return;
    case NodeKind::Star: {
        std::size_t i = name_parts(id);
        put(i > 0 ? ".*" : "*");
        rest_spaced(id, i);
        return;
    }
    case NodeKind::StarModifier: put(x.text); put(" ("); list(id, ", "); put(")"); return;
    case NodeKind::Alias:
        ident(at(c, 0));
        if (c.size() > 1) {
            put(" (");
            list(at(c, 1), ", ");
            put(")");
        }
        return;
    case NodeKind::From: put("FROM "); list(id, ", "); return;
    case NodeKind::TableRef:
    case NodeKind::DerivedTable:
    case NodeKind::TableFunc: table_item(id); return;
    case NodeKind::Join: join(id); return;
    case NodeKind::Pivot:
        node(at(c, 0));
        put(" ");
        put(x.text);
        put(" ");
        node(at(c, 1));
        if (c.size() > 2) {
            put(" AS ");
            node(at(c, 2));
        }
        return;
    case NodeKind::PivotSpec:
        put("(");
        node(at(c, 0));
        put(" FOR ");
        node(at(c, 1));
        put(" IN (");
        node(at(c, 2));
        put("))");
        return;
    case NodeKind::Where: put("WHERE "); list(id, ""); return;
    case NodeKind::Having: put("HAVING "); list(id, ""); return;
    case NodeKind::Qualify: put("QUALIFY "); list(id, ""); return;
    case NodeKind::On: put("ON "); list(id, ""); return;
    case NodeKind::Else: put("ELSE "); list(id, ""); return;
    case NodeKind::GroupBy:
        put(x.has(k_flag_all) ? "GROUP BY ALL" : "GROUP BY ");
        list(id, ", ");
        return;
    case NodeKind::GroupingSet: put(x.text); put(" ("); list(id, ", "); put(")"); return;
    case NodeKind::Window: put("WINDOW "); list(id, ", "); return;
    case NodeKind::WindowDef: ident(at(c, 0)); put(" AS "); over_spec(at(c, 1)); return;
    case NodeKind::OrderBy: put("ORDER BY "); list(id, ", "); return;
    case NodeKind::OrderItem:
        node(at(c, 0));
        if (!x.text.empty()) {
            put(" ");
            put(x.text);
        }
        for (std::size_t i = 1; i < c.size(); ++i) {
            put(" ");
            node(at(c, i)); // WITH FILL ...
        }
        return;
    case NodeKind::Limit:
        put(c.empty() ? "LIMIT ALL" : "LIMIT ");
        list(id, ", ");
        return;
    case NodeKind::Offset: put("OFFSET "); list(id, ""); return;
    case NodeKind::Fetch: put("FETCH FIRST "); list(id, ""); put(" ROWS "); put(x.text); return;
    case NodeKind::Values: put("VALUES "); list(id, ", "); return;
    case NodeKind::Row: put("("); list(id, ", "); put(")"); return;
    case NodeKind::ColumnList:
    case NodeKind::Using: put("("); list(id, ", "); put(")"); return;
    case NodeKind::Ident: ident(id); return;
    case NodeKind::ColumnRef: name_parts(id); return;
    case NodeKind::FuncCall: function(id); return;
    case NodeKind::NamedArg: put(x.text); put(" "); list(id, " "); return;
    case NodeKind::Filter: put("FILTER (WHERE "); list(id, ""); put(")"); return;
    case NodeKind::WithinGroup: put("WITHIN GROUP ("); list(id, ""); put(")"); return;
    case NodeKind::Over: put("OVER "); over_spec(id); return;
    case NodeKind::PartitionBy: put("PARTITION BY "); list(id, ", "); return;
    case NodeKind::BinaryOp: node(at(c, 0)); put(" "); put(x.text); put(" "); node(at(c, 1)); return;
    case NodeKind::UnaryOp: {
        put(x.text);
        if (x.text == "NOT" || x.text == "PRIOR") {
            put(" ");
        }
        std::size_t start = m_out.size();
        node(at(c, 0));
        if (start < m_out.size() && x.text != "NOT" &&
            (m_out[start] == '-' || m_out[start] == '+' || m_out[start] == '~' || m_out[start] == '!' ||
             m_out[start] == '@')) {
            m_out.insert(start, 1, ' ');
        }
        return;
    }
    case NodeKind::Postfix: node(at(c, 0)); put(" "); put(x.text); return;
    case NodeKind::Between:
        node(at(c, 0));
        put(x.has(k_flag_not) ? " NOT BETWEEN " : " BETWEEN ");
        node(at(c, 1));
        put(" AND ");
        node(at(c, 2));
        return;
    case NodeKind::InList:
    case NodeKind::InQuery:
        node(at(c, 0));
        put(x.has(k_flag_not) ? " NOT IN (" : " IN (");
        list(id, ", ", 1);
        put(")");
        return;
    case NodeKind::Like:
        node(at(c, 0));
        put(x.has(k_flag_not) ? " NOT " : " ");
        put(x.text);
        put(" ");
        node(at(c, 1));
        if (c.size() > 2) {
            put(" ESCAPE ");
            node(at(c, 2));
        }
        return;
    case NodeKind::IsDistinct:
        node(at(c, 0));
        put(x.has(k_flag_not) ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
        node(at(c, 1));
        return;
    case NodeKind::Exists: put(x.has(k_flag_not) ? "NOT EXISTS (" : "EXISTS ("); list(id, ""); put(")"); return;
    case NodeKind::Subquery: put("("); list(id, ""); put(")"); return;
    case NodeKind::Case: put("CASE "); list(id, " "); put(" END"); return;
    case NodeKind::When: put("WHEN "); node(at(c, 0)); put(" THEN "); node(at(c, 1)); return;
    case NodeKind::Cast:
        if (x.text == "::") {
            node(at(c, 0));
            put("::");
            node(at(c, 1));
            return;
        }
        put(x.text);
        put("(");
        node(at(c, 0));
        put(" AS ");
        node(at(c, 1));
        if (c.size() > 2) {
            put(" FORMAT ");
            node(at(c, 2));
        }
        put(")");
        return;
    case NodeKind::Extract: put("EXTRACT("); node(at(c, 0)); put(" FROM "); node(at(c, 1)); put(")"); return;
    case NodeKind::Interval:
        put("INTERVAL ");
        node(at(c, 0));
        if (!x.text.empty()) {
            put(" ");
            put(x.text);
        }
        return;
    case NodeKind::TypedLiteral: put(x.text); put(" "); node(at(c, 0)); return;
    case NodeKind::Array:
        if (x.text == "ARRAY" && c.size() == 1 && n(at(c, 0)).kind == NodeKind::Query) {
            put("ARRAY(");
            node(at(c, 0));
            put(")");
            return;
        }
        put(x.text == "ARRAY" ? "ARRAY[" : "[");
        list(id, ", ");
        put("]");
        return;
    case NodeKind::Struct:
        put(x.text == "STRUCT" ? "STRUCT(" : "{");
        list(id, ", ");
        put(x.text == "STRUCT" ? ")" : "}");
        return;
    case NodeKind::StructField: node(at(c, 0)); put(": "); node(at(c, 1)); return;
    case NodeKind::Subscript:
        node(at(c, 0));
        put("[");
        node(at(c, 1));
        if (x.has(k_flag_slice)) {
            put(":");
            if (c.size() > 2) {
                node(at(c, 2));
            }
        }
        put("]");
        return;
    case NodeKind::FieldAccess: node(at(c, 0)); put("."); node(at(c, 1)); return;
    case NodeKind::JsonPath: node(at(c, 0)); put(":"); node(at(c, 1)); return;
    case NodeKind::Paren: put("("); list(id, ""); put(")"); return;
    case NodeKind::AtTimeZone: node(at(c, 0)); put(" AT TIME ZONE "); node(at(c, 1)); return;
    case NodeKind::Collate: node(at(c, 0)); put(" COLLATE "); node(at(c, 1)); return;
    case NodeKind::Literal:
    case NodeKind::Param:
    case NodeKind::Type:
    case NodeKind::Frame:
    case NodeKind::Opaque: put(x.text); return;
    case NodeKind::Clause:
        if (x.text == "LIMIT BY") {
            put("LIMIT ");
            node(at(c, 0));
            put(" BY ");
            for (std::size_t i = 1; i < c.size(); ++i) {
                put(i > 1 ? ", " : "");
                node(at(c, i));
            }
            return;
        }
        if (x.text == "WITH FILL") {
            put("WITH FILL");
            for (std::size_t i = 0; i < c.size(); ++i) {
                put(" ");
                node(at(c, i));
            }
            return;
        }
        if (!x.text.empty()) {
            put(x.text);
            put(" ");
        }
        list(id, ", ");
        return;
    }
}

} // namespace

std::string print(const Ast& ast, NodeId id) {
    Printer p(ast);
    p.node(id);
    return p.take();
}

std::string print(const Statement& statement) {
    if (!statement.ast || statement.node == k_no_node) {
        return {};
    }
    return print(*statement.ast, statement.node);
}

std::string print(const Script& script) {
    std::string out;
    for (const Statement& s : script.statements()) {
        out += print(s);
        out += ";\n";
    }
    return out;
}

} // namespace dpipe::sql
