// SQ008 order-by-without-limit: ORDER BY in a model (or its CTEs and subqueries) without LIMIT:
// a relation has no order, so the sort is wasted work that readers may wrongly rely on.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class OrderByWithoutLimit final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ008";
            i.name = "order-by-without-limit";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "ORDER BY without LIMIT in a model, where the order is not kept";
            i.anti_pattern =
                "A table or view has no row order: readers get rows in any order whatever the model "
                "sorted, and the warehouse still pays for the sort.\n\n"
                "```sql\nselect id, amount from {{ ref('orders') }} order by amount desc\n```";
            i.best_practice =
                "Sort where the rows are read. Keep ORDER BY only with LIMIT (top-N).\n\n"
                "```sql\nselect id, amount from {{ ref('orders') }}\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        if (unit.kind != SqlUnit::Kind::Model) {
            return;
        }
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            if (ast.node(id).kind != NodeKind::Query) {
                return true;
            }
            NodeId order = ast.child_of_kind(id, NodeKind::OrderBy);
            if (order != sql::k_no_node && ast.child_of_kind(id, NodeKind::Limit) == sql::k_no_node &&
                ast.child_of_kind(id, NodeKind::Fetch) == sql::k_no_node &&
                ast.child_of_kind(id, NodeKind::Offset) == sql::k_no_node) {
                out.report(finding_at(unit, ast.node(order).begin,
                                      "ORDER BY without LIMIT in a model: the order is not kept"));
            }
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_order_by_without_limit() { return std::make_unique<OrderByWithoutLimit>(); }

} // namespace dpipe::lint::rules
