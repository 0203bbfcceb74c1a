// ST004 tab-indentation: tabs in the indentation of a SQL file, which show at different widths
// in every editor and review tool.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

class TabIndentation final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST004";
            i.name = "tab-indentation";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "Tabs in the indentation of a line";
            i.anti_pattern = "Tabs render at 2, 4 or 8 columns depending on the viewer, so aligned SQL "
                             "falls apart in review.\n\n```sql\nselect\n\tid,\n\tamount\nfrom orders\n```";
            i.best_practice = "Indent with spaces (the fix replaces each tab with `tab_width` spaces).\n\n"
                              "```sql\nselect\n    id,\n    amount\nfrom orders\n```";
            i.has_fix = true;
            i.options = {{"tab_width", 4, "spaces that replace one tab in the fix"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        const std::size_t width = static_cast<std::size_t>(std::max(0LL, std::min(16LL, opts.get_int("tab_width"))));
        std::string_view t = unit.raw;
        int line = 1;
        std::size_t start = 0;
        while (start <= t.size()) {
            std::size_t i = start;
            std::size_t tabs = 0;
            std::size_t first_tab = std::string_view::npos;
            while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) {
                if (t[i] == '\t') {
                    first_tab = first_tab == std::string_view::npos ? i : first_tab;
                    ++tabs;
                }
                ++i;
            }
            if (tabs > 0) {
                std::string indent;
                for (std::size_t k = start; k < i; ++k) {
                    indent.append(t[k] == '\t' ? width : 1, ' ');
                }
                Finding f;
                f.loc = core::SourceLoc{unit.path, line, static_cast<int>(first_tab - start) + 1};
                f.message = "indentation uses tabs; indent with spaces";
                f.fix.push_back(Edit{start, i, std::move(indent)});
                out.report(std::move(f));
            }
            std::size_t nl = t.find('\n', i);
            if (nl == std::string_view::npos) {
                break;
            }
            start = nl + 1;
            ++line;
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_tab_indentation() { return std::make_unique<TabIndentation>(); }

} // namespace dpipe::lint::rules
