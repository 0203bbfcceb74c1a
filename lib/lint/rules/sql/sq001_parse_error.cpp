// SQ001 parse-error: SQL that could not be rendered or parsed, so no other SQL rule sees it.

#include "core/source_map.hpp"
#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

class ParseError final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ001";
            i.name = "parse-error";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Error;
            i.summary = "SQL that cannot be rendered or parsed";
            i.anti_pattern =
                "A model whose Jinja does not render, or whose SQL dpipe cannot parse, has no "
                "lineage and escapes every other SQL rule.\n\n"
                "```sql\nselect id, from {{ ref('orders') }}\n```";
            i.best_practice = "Fix the reported syntax so the model renders and parses.\n\n"
                              "```sql\nselect id from {{ ref('orders') }}\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        if (unit.script != nullptr && unit.script->has_diagnostics()) {
            for (const auto& d : unit.script->diagnostics()) {
                Finding f;
                f.loc = unit.rendered != nullptr ? core::relocate(*unit.rendered, d.loc) : d.loc;
                f.loc.file = unit.path;
                f.message = "the SQL could not be parsed: " + d.message;
                out.report(std::move(f));
            }
            return;
        }
        if (unit.state == nullptr) {
            return;
        }
        const bool render = unit.state->status == core::NodeStatus::RenderFailed;
        if (!render && unit.state->status != core::NodeStatus::ParseFailed) {
            return;
        }
        Finding f;
        f.loc = unit.state->loc;
        if (f.loc.file != unit.path) {
            f.loc = core::SourceLoc{unit.path, 0, 0};
        }
        f.message = std::string(render ? "the model could not be rendered: " : "the SQL could not be parsed: ") +
                    unit.state->reason;
        out.report(std::move(f));
    }
};

} // namespace

std::unique_ptr<Rule> make_parse_error() { return std::make_unique<ParseError>(); }

} // namespace dpipe::lint::rules
