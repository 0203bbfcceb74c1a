// ST001 keyword-case: SQL keywords written in the configured case (upper, lower, or consistent
// within a file). Fixes only keywords written literally in the file, never Jinja output.

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"
#include "sql/tokenizer.hpp"

namespace dpipe::lint::rules {
namespace {

class KeywordCase final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST001";
            i.name = "keyword-case";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "SQL keywords not in the configured case";
            i.anti_pattern = "Keywords in mixed case make SQL harder to scan and diffs noisier.\n\n"
                             "```sql\nSELECT id from orders Where amount > 0\n```";
            i.best_practice = "Write every keyword in one case (here `policy: lower`).\n\n"
                              "```sql\nselect id from orders where amount > 0\n```";
            i.has_fix = true;
            i.options = {{"policy", "consistent", "upper, lower, or consistent (the first keyword of the file decides)"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context& ctx, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (unit.rendered == nullptr) {
            return;
        }
        const CasePolicy policy = CasePolicy::parse(opts.get_string("policy"));
        const auto dialect = sql::parse_dialect(ctx.project().dialect).value_or(sql::Dialect::Postgres);
        const std::string& text = unit.rendered->sql;
        const auto tokens = sql::tokenize(text, dialect);
        WordCase decided = WordCase::None;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const sql::Token& t = tokens[i];
            if (!t.is(sql::TokenKind::Word) || !is_style_keyword(t.text)) {
                continue;
            }
            const bool after_dot = i > 0 && tokens[i - 1].is(sql::TokenKind::Dot);
            const bool before_dot = i + 1 < tokens.size() && tokens[i + 1].is(sql::TokenKind::Dot);
            const bool call = i + 1 < tokens.size() && tokens[i + 1].is(sql::TokenKind::LParen) &&
                              (iequal(t.text, "left") || iequal(t.text, "right"));
            std::size_t raw_begin = 0;
            const bool literal = unit.literal_span(t.offset, t.offset + t.text.size(), raw_begin);
            if (after_dot || before_dot || call || !literal) {
                continue; // a name, a function, or text a Jinja tag produced
            }
            const WordCase c = word_case(t.text);
            if (policy.accepts(c, decided)) {
                continue;
            }
            const WordCase want = policy.want != WordCase::None ? policy.want
                                  : decided != WordCase::None   ? decided
                                                                : WordCase::Upper;
            std::string fixed(t.text);
            for (char& ch : fixed) {
                if (want == WordCase::Upper && ch >= 'a' && ch <= 'z') {
                    ch = static_cast<char>(ch - 'a' + 'A');
                } else if (want == WordCase::Lower && ch >= 'A' && ch <= 'Z') {
                    ch = static_cast<char>(ch - 'A' + 'a');
                }
            }
            Finding f = finding_at(unit, t.offset,
                                   "keyword '" + std::string(t.text) + "' should be written '" + fixed + "'");
            f.fix.push_back(Edit{raw_begin, raw_begin + t.text.size(), fixed});
            out.report(std::move(f));
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_keyword_case() { return std::make_unique<KeywordCase>(); }

} // namespace dpipe::lint::rules
