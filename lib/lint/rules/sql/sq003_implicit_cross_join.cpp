// SQ003 implicit-cross-join: relations joined by a comma (or a JOIN without ON) that no
// condition ties together, so every row of one meets every row of the other.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class ImplicitCrossJoin final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ003";
            i.name = "implicit-cross-join";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "Relations joined by a comma or a bare JOIN with no condition between them";
            i.anti_pattern =
                "A comma join without a condition is a cross join: the result has rows(a) x rows(b) "
                "rows, usually by accident, and it hides the join condition in WHERE.\n\n"
                "```sql\nselect o.id, c.name\nfrom orders o, customers c\n```";
            i.best_practice =
                "Write the join with its condition, or say CROSS JOIN when a cross product is "
                "meant.\n\n```sql\nselect o.id, c.name\nfrom orders o\njoin customers c on c.id = o.customer_id\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind == NodeKind::Select) {
                check_select(ast, unit, id, out);
            } else if (n.kind == NodeKind::Join) {
                check_join(ast, unit, id, out);
            }
            return true;
        });
    }

private:
    static void check_join(const sql::Ast& ast, const SqlUnit& unit, NodeId join, Reporter& out) {
        const sql::Node& n = ast.node(join);
        if (n.has(sql::k_flag_natural) || ifind(n.text, "CROSS") != std::string_view::npos ||
            ast.child_of_kind(join, NodeKind::On) != sql::k_no_node ||
            ast.child_of_kind(join, NodeKind::Using) != sql::k_no_node) {
            return;
        }
        auto kids = ast.children(join);
        if (kids.size() < 2 || is_lateral(ast, kids[1])) {
            return;
        }
        out.report(finding_at(unit, ast.node(kids[1]).begin,
                              "JOIN without ON or USING is a cross join; add the join condition or write CROSS JOIN"));
    }

    static bool is_lateral(const sql::Ast& ast, NodeId rel) {
        const sql::Node& n = ast.node(rel);
        return n.kind == NodeKind::TableFunc || n.has(sql::k_flag_lateral);
    }

    static void check_select(const sql::Ast& ast, const SqlUnit& unit, NodeId select, Reporter& out) {
        NodeId from = ast.child_of_kind(select, NodeKind::From);
        if (from == sql::k_no_node || ast.node(from).child_count < 2) {
            return;
        }
        // Qualifiers compared with '=' between two columns in WHERE: the relations so joined.
        std::vector<std::string_view> joined;
        bool unqualified_pair = false;
        NodeId where = ast.child_of_kind(select, NodeKind::Where);
        if (where != sql::k_no_node) {
            walk(ast, where, [&](NodeId id) {
                const sql::Node& e = ast.node(id);
                if (e.kind == NodeKind::Query) {
                    return false;
                }
                if (e.kind == NodeKind::BinaryOp && e.text == "=" && e.child_count == 2) {
                    auto sides = ast.children(id);
                    const sql::Node& l = ast.node(sides[0]);
                    const sql::Node& r = ast.node(sides[1]);
                    if (l.kind == NodeKind::ColumnRef && r.kind == NodeKind::ColumnRef) {
                        for (NodeId s : {sides[0], sides[1]}) {
                            auto parts = ast.children(s);
                            if (parts.size() >= 2) {
                                joined.push_back(ast.node(parts[parts.size() - 2]).text);
                            } else {
                                unqualified_pair = true;
                            }
                        }
                    }
                }
                return true;
            });
        }
        if (unqualified_pair) {
            return; // cannot tell which relations an unqualified pair ties: assume it joins
        }
        auto items = ast.children(from);
        for (std::size_t i = 1; i < items.size(); ++i) {
            if (is_lateral(ast, items[i])) {
                continue;
            }
            std::string_view name = relation_name(ast, items[i]);
            if (name.empty() || !contains_ci(joined, name)) {
                out.report(finding_at(unit, ast.node(items[i]).begin,
                                      "relation joined by a comma with no join condition (an implicit cross join)"));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_implicit_cross_join() { return std::make_unique<ImplicitCrossJoin>(); }

} // namespace dpipe::lint::rules
