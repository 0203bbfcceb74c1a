// ST005 final-newline: a SQL file ends with exactly one newline.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

class FinalNewline final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST005";
            i.name = "final-newline";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "A file that does not end with exactly one newline";
            i.anti_pattern = "Without a final newline the last line is not a line to POSIX tools and every "
                             "append shows as a change to it; extra blank lines at the end are noise.\n\n"
                             "```sql\nselect id from orders\u2400\n```";
            i.best_practice = "End the file with one newline (the fix adds it or drops the extra blank lines).\n\n"
                              "```sql\nselect id from orders\n```";
            i.has_fix = true;
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        std::string_view t = unit.raw;
        if (t.empty()) {
            return;
        }
        if (t.back() != '\n') {
            Finding f = finding_in_text(unit.path, t, t.size(), "the file does not end with a newline");
            f.fix.push_back(Edit{t.size(), t.size(), "\n"});
            out.report(std::move(f));
            return;
        }
        // Blank lines (only whitespace) after the last line with content.
        std::size_t end = t.size() - 1; // the final newline
        std::size_t keep = end;
        std::size_t k = end;
        while (k > 0) {
            char c = t[k - 1];
            if (c == '\n') {
                keep = k - 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            --k;
        }
        if (keep < end && k > 0) {
            Finding f = finding_in_text(unit.path, t, keep + 1, "blank lines at the end of the file");
            f.fix.push_back(Edit{keep + 1, t.size(), ""});
            out.report(std::move(f));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_final_newline() { return std::make_unique<FinalNewline>(); }

} // namespace dpipe::lint::rules
