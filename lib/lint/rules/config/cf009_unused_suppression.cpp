// CF009 unused-suppression: a `dpipe:ignore` comment that suppresses nothing. The engine
// applies suppressions, so it reports these findings itself (engine.cpp); this class carries
// the rule's metadata and configuration.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

namespace {

class UnusedSuppression : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i = rule_info(
                "CF009", "unused-suppression", Family::Config, core::Severity::Warning,
                "An inline suppression suppresses nothing, or names an unknown rule",
                "```sql\nselect id from {{ ref('orders') }}  -- dpipe:ignore SQ002\n```\n"
                "The problem was fixed long ago (or never there): the comment now hides the next real one.",
                "Delete suppressions that no longer suppress anything (`dpipe lint --fix` does):\n\n"
                "```sql\nselect id from {{ ref('orders') }}\n```");
            i.has_fix = true;
            return i;
        }();
        return k_info;
    }
};

} // namespace

std::unique_ptr<Rule> make_cf009_unused_suppression() { return std::make_unique<UnusedSuppression>(); }

} // namespace dpipe::lint
