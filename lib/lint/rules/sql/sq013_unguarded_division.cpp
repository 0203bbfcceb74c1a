// SQ013 unguarded-division: `a / b` where b may be zero, which fails the whole model at run time
// on most warehouses.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class UnguardedDivision final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ013";
            i.name = "unguarded-division";
            i.family = Family::Sql;
            // Off unless configured: many divisors are known non-zero (counts of a group, constants
            // from a join), so the rule fits projects that want every division spelled out.
            i.default_severity = core::Severity::Warning;
            i.default_enabled = false;
            i.summary = "A division whose divisor is not guarded against zero";
            i.anti_pattern =
                "One row with a zero divisor fails the query on postgres, snowflake and bigquery "
                "(division by zero), so the whole model fails.\n\n"
                "```sql\nselect revenue / orders as revenue_per_order from {{ ref('daily') }}\n```";
            i.best_practice =
                "Guard the divisor with nullif(x, 0), or use the dialect's safe division "
                "(safe_divide, div0, try_divide), or a CASE that excludes zero.\n\n"
                "```sql\nselect revenue / nullif(orders, 0) as revenue_per_order from {{ ref('daily') }}\n```";
            i.options = {{"guards",
                          core::Json::array({"nullif", "safe_divide", "div0", "div0null", "try_divide", "greatest"}),
                          "functions whose result counts as a guarded divisor"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        const auto guards = opts.get_strings("guards");
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind == NodeKind::Case) {
                return false; // a CASE is how a division is guarded by hand
            }
            if (n.kind == NodeKind::FuncCall && is_guard(ast, id, guards)) {
                return false;
            }
            if (n.kind != NodeKind::BinaryOp || n.text != "/" || n.child_count != 2) {
                return true;
            }
            NodeId divisor = ast.children(id)[1];
            while (ast.node(divisor).kind == NodeKind::Paren && ast.node(divisor).child_count == 1) {
                divisor = ast.children(divisor)[0];
            }
            if (!safe_divisor(ast, divisor, guards)) {
                out.report(finding_at(unit, ast.node(ast.children(id)[1]).begin,
                                      "division by an expression that may be zero; guard it with nullif(x, 0)"));
            }
            return true;
        });
    }

private:
    static bool is_guard(const sql::Ast& ast, NodeId call, const std::vector<std::string>& guards) {
        auto kids = ast.children(call);
        if (kids.empty() || ast.node(kids[0]).kind != NodeKind::Ident) {
            return false;
        }
        // The function's name is its last Ident before the arguments.
        std::string_view name;
        for (NodeId c : kids) {
            if (ast.node(c).kind != NodeKind::Ident) {
                break;
            }
            name = ast.node(c).text;
        }
        for (const auto& g : guards) {
            if (iequal(g, name)) {
                return true;
            }
        }
        return false;
    }

    static bool safe_divisor(const sql::Ast& ast, NodeId d, const std::vector<std::string>& guards) {
        const sql::Node& n = ast.node(d);
        if (n.kind == NodeKind::Literal && n.has(sql::k_flag_number)) {
            for (char c : n.text) {
                if (c >= '1' && c <= '9') {
                    return true;
                }
            }
            return false;
        }
        if (n.kind == NodeKind::FuncCall) {
            return is_guard(ast, d, guards);
        }
        if (n.kind == NodeKind::Cast && n.child_count > 0) {
            return safe_divisor(ast, ast.children(d)[0], guards);
        }
        return n.kind == NodeKind::Case;
    }
};

} // namespace

std::unique_ptr<Rule> make_unguarded_division() { return std::make_unique<UnguardedDivision>(); }

} // namespace dpipe::lint::rules
