// SQ004 not-in-subquery: `x NOT IN (subquery)` is never true once the subquery yields a NULL.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

class NotInSubquery final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ004";
            i.name = "not-in-subquery";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "NOT IN with a subquery, which filters out every row once the subquery returns a NULL";
            i.anti_pattern =
                "`x NOT IN (select y ...)` is NULL, so false, for every row as soon as one `y` is "
                "NULL: the query silently returns nothing.\n\n"
                "```sql\nselect * from orders\nwhere customer_id not in (select id from blocked)\n```";
            i.best_practice =
                "Use NOT EXISTS, which treats NULLs as no match.\n\n"
                "```sql\nselect * from orders o\nwhere not exists (select 1 from blocked b where b.id = o.customer_id)\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, sql::NodeId id) {
            const sql::Node& n = st.ast->node(id);
            if (n.kind == sql::NodeKind::InQuery && n.has(sql::k_flag_not)) {
                out.report(finding_at(unit, n.begin,
                                      "NOT IN (subquery) is never true when the subquery returns a NULL; use NOT EXISTS"));
            }
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_not_in_subquery() { return std::make_unique<NotInSubquery>(); }

} // namespace dpipe::lint::rules
