// ST002 identifier-case: unquoted column names and aliases in the configured case. Quoted
// identifiers keep their case (it is part of the name); table names are left alone (they are
// case-sensitive on some warehouses).

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class IdentifierCase final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST002";
            i.name = "identifier-case";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "Unquoted column names and aliases not in the configured case";
            i.anti_pattern = "`OrderId`, `orderid` and `ORDERID` are one column to the warehouse but three "
                             "spellings to the reader and to search.\n\n```sql\nselect Order_Id, AMOUNT from orders\n```";
            i.best_practice = "Write unquoted identifiers in one case (here `policy: lower`).\n\n"
                              "```sql\nselect order_id, amount from orders\n```";
            i.has_fix = true;
            i.options = {{"policy", "consistent", "upper, lower, or consistent (the first identifier of the file decides)"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (unit.script == nullptr) {
            return;
        }
        const CasePolicy policy = CasePolicy::parse(opts.get_string("policy"));
        WordCase decided = WordCase::None;
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind == NodeKind::TableRef) {
                // Its alias is an identifier like any other; its name parts are not judged.
                NodeId alias = ast.child_of_kind(id, NodeKind::Alias);
                if (alias != sql::k_no_node) {
                    check_ident(ast, unit, ast.child_of_kind(alias, NodeKind::Ident), policy, decided, out);
                }
                return false;
            }
            if (n.kind == NodeKind::ColumnRef || n.kind == NodeKind::Alias || n.kind == NodeKind::Cte) {
                for (NodeId c : ast.children(id)) {
                    if (ast.node(c).kind == NodeKind::Ident) {
                        check_ident(ast, unit, c, policy, decided, out);
                    }
                }
                return n.kind == NodeKind::Cte;
            }
            return true;
        });
    }

private:
    static void check_ident(const sql::Ast& ast, const SqlUnit& unit, NodeId id, const CasePolicy& policy,
                            WordCase& decided, Reporter& out) {
        if (id == sql::k_no_node) {
            return;
        }
        const sql::Node& n = ast.node(id);
        if (n.has(sql::k_flag_quoted) || n.end <= n.begin) {
            return;
        }
        std::size_t raw_begin = 0;
        if (!unit.literal_span(n.begin, n.end, raw_begin)) {
            return;
        }
        std::string_view written = ast.source().substr(n.begin, n.end - n.begin);
        const WordCase c = word_case(written);
        if (policy.accepts(c, decided)) {
            return;
        }
        const WordCase want = policy.want != WordCase::None ? policy.want
                              : decided != WordCase::None   ? decided
                                                            : WordCase::Lower;
        std::string fixed(written);
        for (char& ch : fixed) {
            if (want == WordCase::Upper && ch >= 'a' && ch <= 'z') {
                ch = static_cast<char>(ch - 'a' + 'A');
            } else if (want == WordCase::Lower && ch >= 'A' && ch <= 'Z') {
                ch = static_cast<char>(ch - 'A' + 'a');
            }
        }
        Finding f = finding_at(unit, n.begin, "identifier '" + std::string(written) + "' should be written '" + fixed + "'");
        f.fix.push_back(Edit{raw_begin, raw_begin + written.size(), fixed});
        out.report(std::move(f));
    }
};

} // namespace

std::unique_ptr<Rule> make_identifier_case() { return std::make_unique<IdentifierCase>(); }

} // namespace dpipe::lint::rules
