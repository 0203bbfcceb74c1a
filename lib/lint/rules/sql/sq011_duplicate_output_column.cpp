// SQ011 duplicate-output-column: two columns of one SELECT's output share a name.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class DuplicateOutputColumn final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ011";
            i.name = "duplicate-output-column";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Error;
            i.summary = "Two output columns of one SELECT with the same name";
            i.anti_pattern =
                "Most warehouses refuse to create a table or view with two columns of one name; "
                "others keep one and hide the other.\n\n"
                "```sql\nselect o.id, c.id, o.amount\nfrom orders o join customers c on c.id = o.customer_id\n```";
            i.best_practice = "Give each output column its own name.\n\n"
                              "```sql\nselect o.id as order_id, c.id as customer_id, o.amount\n"
                              "from orders o join customers c on c.id = o.customer_id\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            if (ast.node(id).kind != NodeKind::SelectList) {
                return true;
            }
            std::vector<std::string_view> seen;
            for (NodeId item : ast.children(id)) {
                if (ast.node(item).kind != NodeKind::SelectItem) {
                    continue;
                }
                std::string_view name = output_name(ast, item);
                if (name.empty()) {
                    continue;
                }
                if (contains_ci(seen, name)) {
                    NodeId alias = ast.child_of_kind(item, NodeKind::Alias);
                    NodeId ident = alias != sql::k_no_node ? ast.child_of_kind(alias, NodeKind::Ident) : sql::k_no_node;
                    std::size_t at = ident != sql::k_no_node ? ast.node(ident).begin : ast.node(item).begin;
                    out.report(finding_at(unit, at,
                                          "output column '" + std::string(name) + "' appears more than once"));
                } else {
                    seen.push_back(name);
                }
            }
            return true;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_duplicate_output_column() { return std::make_unique<DuplicateOutputColumn>(); }

} // namespace dpipe::lint::rules
