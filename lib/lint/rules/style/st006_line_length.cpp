// ST006 line-length: lines of a SQL file longer than `max_length` characters.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

class LineLength final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST006";
            i.name = "line-length";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "A line longer than the configured maximum";
            i.anti_pattern = "Long lines hide conditions off screen and in side-by-side diffs.\n\n"
                             "```sql\nselect id, customer_id, amount, status, created_at, updated_at from orders where status = 'open' and amount > 0\n```";
            i.best_practice = "Break the line at clauses and list items.\n\n"
                              "```sql\nselect id, customer_id, amount, status, created_at, updated_at\nfrom orders\n"
                              "where status = 'open' and amount > 0\n```";
            i.options = {{"max_length", 120, "longest line accepted, in characters"},
                         {"ignore_comments", false, "lines that are only a comment may be longer"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        const long long max = opts.get_int("max_length");
        const bool ignore_comments = opts.get_bool("ignore_comments");
        std::string_view t = unit.raw;
        int line = 1;
        std::size_t start = 0;
        long long chars = 0;
        std::size_t over = 0; // byte offset of the first character past the maximum
        for (std::size_t i = 0; i <= t.size(); ++i) {
            if (i == t.size() || t[i] == '\n') {
                if (chars > max) {
                    std::string_view body = t.substr(start, i - start);
                    std::size_t first = body.find_first_not_of(" \t");
                    const bool comment = first != std::string_view::npos &&
                                         (body.substr(first, 2) == "--" || body.substr(first, 2) == "{#");
                    if (!(ignore_comments && comment)) {
                        Finding f;
                        f.loc = core::SourceLoc{unit.path, line, static_cast<int>(over - start) + 1};
                        f.message = "line is " + std::to_string(chars) + " characters long (at most " +
                                    std::to_string(max) + ")";
                        out.report(std::move(f));
                    }
                }
                ++line;
                start = i + 1;
                chars = 0;
                continue;
            }
            // Characters, not bytes: UTF-8 continuation bytes do not count.
            if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80 && t[i] != '\r') {
                ++chars;
                if (chars == max + 1) {
                    over = i;
                }
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_line_length() { return std::make_unique<LineLength>(); }

} // namespace dpipe::lint::rules
