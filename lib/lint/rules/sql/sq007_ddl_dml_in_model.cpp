// SQ007 ddl-dml-in-model: a model holds CREATE, INSERT, UPDATE, DELETE, DROP, GRANT or the like;
// a model is one SELECT and dpipe materialises it.

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

class DdlDmlInModel final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ007";
            i.name = "ddl-dml-in-model";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Error;
            i.summary = "A statement other than a query (CREATE, INSERT, UPDATE, DELETE, DROP, GRANT...) in a model";
            i.anti_pattern =
                "A model is a single SELECT that dpipe wraps in the DDL of its materialisation. "
                "DDL or DML inside it runs outside that control, breaks idempotence and is invisible "
                "to the lineage.\n\n```sql\ndelete from orders where amount < 0;\nselect * from orders\n```";
            i.best_practice =
                "Keep the model a query; filter instead of deleting, and put grants and maintenance in "
                "hooks or the infrastructure config.\n\n```sql\nselect * from {{ ref('orders') }} where amount >= 0\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        if (unit.kind != SqlUnit::Kind::Model || unit.script == nullptr) {
            return;
        }
        using K = sql::StatementKind;
        for (const auto& st : unit.script->statements()) {
            switch (st.kind) {
            case K::Create: case K::Insert: case K::Update: case K::Delete: case K::Merge: case K::Drop:
            case K::Alter: case K::Grant: case K::Revoke: case K::Truncate: case K::Copy:
                out.report(finding_at(unit, st.ast->node(st.node).begin,
                                      std::string("a model must be a query, not a ") +
                                          sql::statement_kind_name(st.kind) + " statement"));
                break;
            default:
                break;
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_ddl_dml_in_model() { return std::make_unique<DdlDmlInModel>(); }

} // namespace dpipe::lint::rules
