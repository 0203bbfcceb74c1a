// ST003 trailing-whitespace: spaces or tabs at the end of a line of a SQL file.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

class TrailingWhitespace final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST003";
            i.name = "trailing-whitespace";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "Spaces or tabs at the end of a line";
            i.anti_pattern = "Invisible trailing blanks make diffs show changes nobody sees.\n\n"
                             "```sql\nselect id,\u00b7\u00b7\nfrom orders\n```";
            i.best_practice = "End lines with their last visible character (the fix removes the blanks).\n\n"
                              "```sql\nselect id,\nfrom orders\n```";
            i.has_fix = true;
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        std::string_view t = unit.raw;
        int line = 1;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= t.size(); ++i) {
            if (i < t.size() && t[i] != '\n') {
                continue;
            }
            std::size_t end = i;
            if (end > start && t[end - 1] == '\r') {
                --end; // a CRLF line ending is not trailing whitespace
            }
            std::size_t b = end;
            while (b > start && (t[b - 1] == ' ' || t[b - 1] == '\t')) {
                --b;
            }
            if (b < end) {
                Finding f;
                f.loc = core::SourceLoc{unit.path, line, static_cast<int>(b - start) + 1};
                f.message = "trailing whitespace";
                f.fix.push_back(Edit{b, end, ""});
                out.report(std::move(f));
            }
            ++line;
            start = i + 1;
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_trailing_whitespace() { return std::make_unique<TrailingWhitespace>(); }

} // namespace dpipe::lint::rules
