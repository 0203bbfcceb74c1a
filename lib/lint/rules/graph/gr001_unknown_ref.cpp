// GR001 unknown-ref: a ref() to a model, seed or snapshot that does not exist.

#include "lint/helpers.hpp"
#include "lint/rules/graph/disabled_refs.hpp"
#include "lint/rules/graph/rules.hpp"

#include <algorithm>

namespace dpipe::lint {

namespace {

class UnknownRef : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = rule_info(
            "GR001", "unknown-ref", Family::Graph, core::Severity::Error,
            "A ref() names a model, seed or snapshot that does not exist",
            "```sql\nselect * from {{ ref('stg_ordres') }}\n```\ndbt refuses to compile the project.",
            "Reference an existing node (the message suggests the closest name):\n\n"
            "```sql\nselect * from {{ ref('stg_orders') }}\n```");
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions&, Reporter& out) const override {
        auto disabled = refs_to_disabled(ctx);
        for (const auto& d : ctx.diagnostics()) {
            if (d.code != "GR001" || is_yaml(d.loc.file)) {
                continue;
            }
            if (std::any_of(disabled.begin(), disabled.end(), [&](const core::Ref& r) { return r.loc == d.loc; })) {
                continue; // GR015
            }
            out.report(finding(d.loc, d.message, d.notes));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gr001_unknown_ref() { return std::make_unique<UnknownRef>(); }

} // namespace dpipe::lint
