// SQ009 union-without-all: a bare UNION, which sorts and removes duplicates, where UNION ALL is
// usually meant.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class UnionWithoutAll final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ009";
            i.name = "union-without-all";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "UNION without ALL or DISTINCT, which silently removes duplicate rows";
            i.anti_pattern =
                "A bare UNION deduplicates: it costs a sort or hash of the whole result and drops "
                "rows that happen to be equal, which is rarely intended when stacking sources.\n\n"
                "```sql\nselect id from {{ ref('web_orders') }}\nunion\nselect id from {{ ref('shop_orders') }}\n```";
            i.best_practice =
                "Write UNION ALL; when deduplication is meant, say UNION DISTINCT (where the dialect "
                "has it) or deduplicate explicitly.\n\n"
                "```sql\nselect id from {{ ref('web_orders') }}\nunion all\nselect id from {{ ref('shop_orders') }}\n```";
            i.options = {{"allow_distinct", true, "UNION DISTINCT, written out, is accepted"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        const bool allow_distinct = opts.get_bool("allow_distinct");
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind != NodeKind::SetOp || !iequal(n.text, "UNION") || n.has(sql::k_flag_all) ||
                (allow_distinct && n.has(sql::k_flag_distinct)) || n.child_count < 2) {
                return true;
            }
            // The UNION keyword sits between the two branches.
            auto kids = ast.children(id);
            std::size_t from = ast.node(kids[0]).end;
            std::size_t at = ifind(ast.source().substr(0, ast.node(kids[1]).begin), "union", from);
            out.report(finding_at(unit, at == std::string_view::npos ? n.begin : at,
                                  "UNION removes duplicate rows; write UNION ALL, or UNION DISTINCT when that is meant"));
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_union_without_all() { return std::make_unique<UnionWithoutAll>(); }

} // namespace dpipe::lint::rules
