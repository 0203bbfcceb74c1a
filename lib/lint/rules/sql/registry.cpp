// The sql rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/sql/sql_rules.hpp"

namespace dpipe::lint {

void register_sql_rules(RuleList& out) {
    out.push_back(rules::make_parse_error());
    out.push_back(rules::make_select_star_in_marts());
    out.push_back(rules::make_implicit_cross_join());
    out.push_back(rules::make_not_in_subquery());
    out.push_back(rules::make_equals_null());
    out.push_back(rules::make_hard_coded_relation());
    out.push_back(rules::make_ddl_dml_in_model());
    out.push_back(rules::make_order_by_without_limit());
    out.push_back(rules::make_union_without_all());
    out.push_back(rules::make_ambiguous_column());
    out.push_back(rules::make_duplicate_output_column());
    out.push_back(rules::make_unknown_upstream_column());
    out.push_back(rules::make_unguarded_division());
}

} // namespace dpipe::lint
