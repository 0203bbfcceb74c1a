// SQ010 ambiguous-column: an unqualified column in a SELECT that reads several relations, so the
// reader (and, after an upstream change, the database) cannot tell which relation it comes from.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class AmbiguousColumn final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ010";
            i.name = "ambiguous-column";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "An unqualified column in a query that reads more than one relation";
            i.anti_pattern =
                "With several relations in FROM, `amount` may come from either; when a column of "
                "that name is added to the other relation the query breaks or changes meaning.\n\n"
                "```sql\nselect o.id, amount\nfrom orders o\njoin payments p on p.order_id = o.id\n```";
            i.best_practice = "Qualify every column with its relation's alias.\n\n"
                              "```sql\nselect o.id, p.amount\nfrom orders o\njoin payments p on p.order_id = o.id\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            if (st.ast->node(id).kind == NodeKind::Select) {
                check_select(*st.ast, unit, id, out);
            }
            return true;
        });
    }

private:
    static void check_select(const sql::Ast& ast, const SqlUnit& unit, NodeId select, Reporter& out) {
        NodeId from = ast.child_of_kind(select, NodeKind::From);
        if (from == sql::k_no_node) {
            return;
        }
        int relations = 0;
        for_each_relation(ast, from, [&](NodeId) { ++relations; });
        if (relations < 2) {
            return;
        }
        // Columns named in USING are one column of the join: unqualified is right for them.
        std::vector<std::string_view> using_cols;
        std::vector<std::string_view> output_aliases;
        walk(ast, from, [&](NodeId id) {
            const sql::Node& n = ast.node(id);
            if (n.kind == NodeKind::Query) {
                return false;
            }
            if (n.kind == NodeKind::Using) {
                walk(ast, id, [&](NodeId c) {
                    if (ast.node(c).kind == NodeKind::Ident) {
                        using_cols.push_back(ast.node(c).text);
                    }
                    return true;
                });
            }
            return true;
        });
        NodeId list = ast.child_of_kind(select, NodeKind::SelectList);
        if (list != sql::k_no_node) {
            for (NodeId item : ast.children(list)) {
                NodeId alias = ast.child_of_kind(item, NodeKind::Alias);
                if (alias != sql::k_no_node) {
                    output_aliases.push_back(output_name(ast, item));
                }
            }
        }
        std::vector<std::string_view> reported;
        for (NodeId clause : ast.children(select)) {
            NodeKind k = ast.node(clause).kind;
            if (k != NodeKind::SelectList && k != NodeKind::Where && k != NodeKind::From) {
                continue;
            }
            walk(ast, clause, [&](NodeId id) {
                const sql::Node& n = ast.node(id);
                if (n.kind == NodeKind::Query || n.kind == NodeKind::Over || n.kind == NodeKind::TableFunc) {
                    return false; // own scopes: subqueries, window specs, table functions' arguments
                }
                if (n.kind != NodeKind::ColumnRef || n.child_count != 1) {
                    return true;
                }
                std::string_view name = ast.node(ast.children(id)[0]).text;
                if (contains_ci(using_cols, name) || contains_ci(reported, name) ||
                    (k == NodeKind::Where && contains_ci(output_aliases, name))) {
                    return false;
                }
                reported.push_back(name);
                out.report(finding_at(unit, n.begin,
                                      "column '" + std::string(name) +
                                          "' is not qualified in a query that reads several relations"));
                return false;
            });
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_ambiguous_column() { return std::make_unique<AmbiguousColumn>(); }

} // namespace dpipe::lint::rules
