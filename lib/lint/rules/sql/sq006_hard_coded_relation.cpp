// SQ006 hard-coded-relation: a FROM/JOIN names a table literally instead of through ref() or
// source(), so the dependency is invisible to the graph and the name is fixed to one schema.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class HardCodedRelation final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ006";
            i.name = "hard-coded-relation";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Warning;
            i.summary = "A table named literally in FROM or JOIN instead of through ref() or source()";
            i.anti_pattern =
                "A literal table name is no edge of the lineage graph: the model may build before "
                "the table it reads, selectors and `plan` do not see the dependency, and the schema "
                "is fixed whatever the target.\n\n```sql\nselect id from analytics.stg_orders\n```";
            i.best_practice = "Read models through ref() and raw tables through a declared source().\n\n"
                              "```sql\nselect id from {{ ref('stg_orders') }}\n```";
            i.options = {{"allow", core::Json::array(), "relation names (as written) that may stay literal"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (!is_query_unit(unit) || unit.script == nullptr) {
            return;
        }
        const auto ctes = cte_names(*unit.script);
        const auto allow = opts.get_strings("allow");
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            const sql::Node& n = ast.node(id);
            if (n.kind != NodeKind::TableRef) {
                return true;
            }
            auto parts = table_parts(ast, id);
            if (parts.empty() || (parts.size() == 1 && contains_ci(ctes, parts[0]))) {
                return false;
            }
            NodeId first = sql::k_no_node;
            NodeId last = sql::k_no_node;
            for (NodeId c : ast.children(id)) {
                if (ast.node(c).kind == NodeKind::Ident) {
                    first = first == sql::k_no_node ? c : first;
                    last = c;
                }
            }
            const std::size_t begin = ast.node(first).begin;
            const std::size_t end = ast.node(last).end;
            std::size_t raw_begin = 0;
            if (!unit.literal_span(begin, end, raw_begin)) {
                return false; // written by ref(), source() or another tag
            }
            std::string_view written = ast.source().substr(begin, end - begin);
            for (const auto& a : allow) {
                if (iequal(a, written)) {
                    return false;
                }
            }
            out.report(finding_at(unit, begin,
                                  "relation '" + std::string(written) +
                                      "' is named literally; read it through ref() or source()"));
            return false;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_hard_coded_relation() { return std::make_unique<HardCodedRelation>(); }

} // namespace dpipe::lint::rules
