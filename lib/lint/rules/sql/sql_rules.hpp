#pragma once
// The factories of the SQL rules (SQ), one per rule file, listed in registry.cpp.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint::rules {

std::unique_ptr<Rule> make_parse_error();            // SQ001
std::unique_ptr<Rule> make_select_star_in_marts();   // SQ002
std::unique_ptr<Rule> make_implicit_cross_join();    // SQ003
std::unique_ptr<Rule> make_not_in_subquery();        // SQ004
std::unique_ptr<Rule> make_equals_null();            // SQ005
std::unique_ptr<Rule> make_hard_coded_relation();    // SQ006
std::unique_ptr<Rule> make_ddl_dml_in_model();       // SQ007
std::unique_ptr<Rule> make_order_by_without_limit(); // SQ008
std::unique_ptr<Rule> make_union_without_all();      // SQ009
std::unique_ptr<Rule> make_ambiguous_column();       // SQ010
std::unique_ptr<Rule> make_duplicate_output_column(); // SQ011
std::unique_ptr<Rule> make_unknown_upstream_column(); // SQ012
std::unique_ptr<Rule> make_unguarded_division();     // SQ013

} // namespace dpipe::lint::rules
