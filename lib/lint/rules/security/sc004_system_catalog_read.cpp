// SC004 system-catalog-read: a model or test reads the warehouse's system catalogs
// (information_schema, pg_catalog, sys, snowflake.account_usage, ...).

#include "lint/rules/security/security_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class SystemCatalogRead final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SC004";
            i.name = "system-catalog-read";
            i.family = Family::Security;
            i.default_severity = core::Severity::Warning;
            i.summary = "A model or test that reads system catalogs (information_schema, pg_catalog, account usage)";
            i.anti_pattern =
                "System catalogs describe every object, role and query of the warehouse. A model "
                "that reads them needs broad privileges, publishes metadata (user names, query "
                "text) to its readers, and changes with the warehouse rather than the data.\n\n"
                "```sql\nselect user_name, query_text from snowflake.account_usage.query_history\n```";
            i.best_practice =
                "Keep catalog queries in audited admin tooling; when a model needs such data, declare "
                "it as a source owned and granted explicitly.\n\n"
                "```sql\nselect user_name, query_count from {{ source('audit', 'query_summary') }}\n```";
            i.options = {{"schemas",
                          core::Json::array({"information_schema", "pg_catalog", "account_usage",
                                             "organization_usage", "performance_schema", "sys", "mysql"}),
                          "schema names that are system catalogs"}};
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions& opts, Reporter& out) const override {
        if (!is_query_unit(unit) || unit.script == nullptr) {
            return;
        }
        const auto schemas = opts.get_strings("schemas");
        const auto ctes = cte_names(*unit.script);
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            if (ast.node(id).kind != NodeKind::TableRef) {
                return true;
            }
            auto parts = table_parts(ast, id);
            bool system = false;
            if (parts.size() == 1) {
                system = !contains_ci(ctes, parts[0]) &&
                         (istarts_with(parts[0], "pg_") || iequal(parts[0], "sqlite_master") ||
                          iequal(parts[0], "sqlite_schema"));
            }
            for (std::size_t i = 0; i + 1 < parts.size() && !system; ++i) {
                for (const auto& s : schemas) {
                    system = system || iequal(parts[i], s);
                }
            }
            if (system) {
                out.report(finding_at(unit, ast.node(id).begin,
                                      "reads a system catalog; keep catalog queries out of models"));
            }
            return false;
        });
    }
};

} // namespace

std::unique_ptr<Rule> make_system_catalog_read() { return std::make_unique<SystemCatalogRead>(); }

} // namespace dpipe::lint::rules
