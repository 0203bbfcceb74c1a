// SQ002 select-star-in-marts: the final SELECT of a mart model lists `*` instead of its columns.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class SelectStarInMarts final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ002";
            i.name = "select-star-in-marts";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "A mart model's final SELECT uses `*` instead of naming its columns";
            i.anti_pattern =
                "A mart is a contract with its consumers. `select *` makes its columns whatever "
                "upstream happens to produce: a column added or dropped upstream silently changes "
                "the mart.\n\n```sql\nselect * from {{ ref('int_orders') }}\n```";
            i.best_practice =
                "Name the columns the mart publishes. `select *` stays fine in the CTEs that import "
                "upstream models, and in `select * from final` when the `final` CTE names them.\n\n```sql\nwith orders as (select * from {{ ref('int_orders') }})\n"
                "select order_id, customer_id, amount from orders\n```";
            i.options = {
                {"folders", core::Json::array({"models/marts/"}), "path prefixes of mart models"},
                {"prefixes", core::Json::array({"fct_", "dim_"}), "file name prefixes of mart models"},
            };
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (unit.kind != SqlUnit::Kind::Model || unit.script == nullptr ||
            !path_selected(unit.path, opts.get_strings("folders"), opts.get_strings("prefixes"))) {
            return;
        }
        const sql::Ast& ast = unit.script->ast();
        for (const auto& st : unit.script->statements()) {
            NodeId q = st.query();
            if (q == sql::k_no_node) {
                continue;
            }
            check_query(ast, unit, q, q, out);
        }
    }

private:
    // The body of the outermost query and the branches of its set operations; not CTEs.
    // The CTE of the statement's WITH named `name`, or k_no_node.
    static NodeId find_cte(const sql::Ast& ast, NodeId top, std::string_view name) {
        NodeId with = ast.child_of_kind(top, NodeKind::With);
        if (with == sql::k_no_node) {
            return sql::k_no_node;
        }
        for (NodeId cte : ast.children(with)) {
            NodeId ident = ast.child_of_kind(cte, NodeKind::Ident);
            if (ident != sql::k_no_node && iequal(ast.node(ident).text, name)) {
                return ast.child_of_kind(cte, NodeKind::Query);
            }
        }
        return sql::k_no_node;
    }

    // True when `select` reads one CTE of the model whose own SELECT names its columns: the
    // dbt convention `select * from final`, where the columns are listed in `final`.
    static bool star_over_named_cte(const sql::Ast& ast, NodeId top, NodeId select, int depth = 0) {
        NodeId from = ast.child_of_kind(select, NodeKind::From);
        if (from == sql::k_no_node || ast.node(from).child_count != 1 || depth > 8) {
            return false;
        }
        NodeId rel = ast.children(from)[0];
        if (ast.node(rel).kind != NodeKind::TableRef) {
            return false;
        }
        auto parts = table_parts(ast, rel);
        NodeId cte = parts.size() == 1 ? find_cte(ast, top, parts[0]) : sql::k_no_node;
        if (cte == sql::k_no_node) {
            return false;
        }
        bool named = true;
        std::vector<NodeId> pending{cte};
        while (!pending.empty() && named) {
            NodeId id = pending.back();
            pending.pop_back();
            const NodeKind k = ast.node(id).kind;
            if (k == NodeKind::Query || k == NodeKind::SetOp) {
                for (NodeId c : ast.children(id)) {
                    const NodeKind ck = ast.node(c).kind;
                    if (ck == NodeKind::Select || ck == NodeKind::SetOp || ck == NodeKind::Query) {
                        pending.push_back(c);
                    }
                }
            } else if (k == NodeKind::Select && has_star(ast, id)) {
                named = star_over_named_cte(ast, top, id, depth + 1);
            }
        }
        return named;
    }

    static bool has_star(const sql::Ast& ast, NodeId select) {
        NodeId list = ast.child_of_kind(select, NodeKind::SelectList);
        if (list == sql::k_no_node) {
            return false;
        }
        for (NodeId item : ast.children(list)) {
            if (ast.node(item).kind == NodeKind::Star ||
                (ast.node(item).child_count > 0 && ast.node(ast.children(item)[0]).kind == NodeKind::Star)) {
                return true;
            }
        }
        return false;
    }

    static void check_query(const sql::Ast& ast, const SqlUnit& unit, NodeId top, NodeId query, Reporter& out) {
        std::vector<NodeId> pending;
        for (NodeId c : ast.children(query)) {
            NodeKind k = ast.node(c).kind;
            if (k == NodeKind::Select || k == NodeKind::SetOp || k == NodeKind::Query) {
                pending.push_back(c);
            }
        }
        while (!pending.empty()) {
            NodeId id = pending.back();
            pending.pop_back();
            const sql::Node& n = ast.node(id);
            if (n.kind == NodeKind::SetOp) {
                for (NodeId c : ast.children(id)) {
                    pending.push_back(c);
                }
            } else if (n.kind == NodeKind::Query) {
                for (NodeId c : ast.children(id)) {
                    NodeKind k = ast.node(c).kind;
                    if (k == NodeKind::Select || k == NodeKind::SetOp || k == NodeKind::Query) {
                        pending.push_back(c);
                    }
                }
            } else if (n.kind == NodeKind::Select) {
                NodeId list = ast.child_of_kind(id, NodeKind::SelectList);
                if (list == sql::k_no_node || star_over_named_cte(ast, top, id)) {
                    continue;
                }
                for (NodeId item : ast.children(list)) {
                    NodeId star = ast.node(item).kind == NodeKind::Star ? item : sql::k_no_node;
                    if (star == sql::k_no_node && ast.node(item).child_count > 0 &&
                        ast.node(ast.children(item)[0]).kind == NodeKind::Star) {
                        star = ast.children(item)[0];
                    }
                    if (star != sql::k_no_node) {
                        out.report(finding_at(unit, ast.node(star).begin,
                                              "the final SELECT of a mart model uses '*'; name its columns"));
                    }
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_select_star_in_marts() { return std::make_unique<SelectStarInMarts>(); }

} // namespace dpipe::lint::rules
