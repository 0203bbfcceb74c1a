// ST007 comma-position: in a select list split over lines, commas at the end of the line
// (trailing, the default) or at the start of the next one (leading), as configured.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

// The offset of the separating comma in text[b, e) (comments skipped), or npos.
std::size_t find_comma(std::string_view t, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
        if (t[i] == '-' && i + 1 < e && t[i + 1] == '-') {
            std::size_t nl = t.find('\n', i);
            i = nl == std::string_view::npos || nl >= e ? e : nl;
        } else if (t[i] == '/' && i + 1 < e && t[i + 1] == '*') {
            std::size_t close = t.find("*/", i + 2);
            i = close == std::string_view::npos || close >= e ? e : close + 1;
        } else if (t[i] == ',') {
            return i;
        }
    }
    return std::string_view::npos;
}

class CommaPosition final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST007";
            i.name = "comma-position";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "Commas of a multi-line select list not in the configured position";
            i.anti_pattern = "Mixing trailing and leading commas makes lists hard to scan and edit.\n\n"
                             "```sql\nselect\n    id,\n    amount\n    , status\nfrom orders\n```";
            i.best_practice = "Put every comma in one position (here `style: trailing`).\n\n"
                              "```sql\nselect\n    id,\n    amount,\n    status\nfrom orders\n```";
            i.options = {{"style", "trailing", "trailing (end of line) or leading (start of line)"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        const bool leading = iequal(opts.get_string("style"), "leading");
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            if (ast.node(id).kind != NodeKind::SelectList) {
                return true;
            }
            std::string_view t = ast.source();
            auto items = ast.children(id);
            for (std::size_t k = 1; k < items.size(); ++k) {
                const std::size_t b = ast.node(items[k - 1]).end;
                const std::size_t e = ast.node(items[k]).begin;
                const std::size_t comma = find_comma(t, b, e);
                std::size_t raw = 0;
                if (comma == std::string_view::npos || !unit.literal_span(comma, comma + 1, raw)) {
                    continue;
                }
                const bool nl_before = t.substr(b, comma - b).find('\n') != std::string_view::npos;
                const bool nl_after = t.substr(comma, e - comma).find('\n') != std::string_view::npos;
                if (!leading && nl_before && !nl_after) {
                    out.report(finding_at(unit, comma, "leading comma; put it at the end of the previous line"));
                } else if (leading && nl_after && !nl_before) {
                    out.report(finding_at(unit, comma, "trailing comma; put it at the start of the next line"));
                }
            }
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_comma_position() { return std::make_unique<CommaPosition>(); }

} // namespace dpipe::lint::rules
