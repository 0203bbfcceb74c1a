// SQ005 equals-null: `x = NULL` / `x <> NULL` compare to NULL, which is never true.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class EqualsNull final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ005";
            i.name = "equals-null";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Error;
            i.summary = "A comparison with NULL by `=`, `<>` or `!=`, which is never true";
            i.anti_pattern = "Any comparison with NULL yields NULL, so the condition filters out every "
                             "row.\n\n```sql\nselect id from orders where shipped_at = null\n```";
            i.best_practice = "Use IS NULL or IS NOT NULL.\n\n```sql\nselect id from orders where shipped_at is null\n```";
            i.has_fix = true;
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind != NodeKind::BinaryOp || n.child_count != 2) {
                return true;
            }
            const bool eq = n.text == "=";
            if (!eq && n.text != "<>" && n.text != "!=") {
                return true;
            }
            auto sides = ast.children(id);
            const sql::Node& l = ast.node(sides[0]);
            const sql::Node& r = ast.node(sides[1]);
            const bool right_null = r.kind == NodeKind::Literal && r.has(sql::k_flag_null);
            const bool left_null = l.kind == NodeKind::Literal && l.has(sql::k_flag_null);
            if (!right_null && !left_null) {
                return true;
            }
            Finding f = finding_at(unit, n.begin,
                                   eq ? "comparison '= NULL' is never true; use IS NULL"
                                      : "comparison '<> NULL' is never true; use IS NOT NULL");
            std::size_t raw_begin = 0;
            if (right_null && unit.literal_span(l.end, r.end, raw_begin)) {
                const bool lower = ast.source().substr(r.begin, 1) == "n";
                std::string repl = eq ? (lower ? " is null" : " IS NULL") : (lower ? " is not null" : " IS NOT NULL");
                f.fix.push_back(Edit{raw_begin, raw_begin + (r.end - l.end), std::move(repl)});
            }
            out.report(std::move(f));
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_equals_null() { return std::make_unique<EqualsNull>(); }

} // namespace dpipe::lint::rules
