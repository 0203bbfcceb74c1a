#pragma once
// The config rules: one factory per rule, each defined in its own file.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf001_load_error();
std::unique_ptr<Rule> make_cf002_invalid_config();
std::unique_ptr<Rule> make_cf003_duplicate_yaml_key();
std::unique_ptr<Rule> make_cf004_duplicate_column();
std::unique_ptr<Rule> make_cf005_seed_column_case();
std::unique_ptr<Rule> make_cf006_unknown_materialization();
std::unique_ptr<Rule> make_cf007_env_var_unset();
std::unique_ptr<Rule> make_cf008_prod_without_gates();
std::unique_ptr<Rule> make_cf009_unused_suppression();
std::unique_ptr<Rule> make_cf010_jinja_error();
std::unique_ptr<Rule> make_cf011_skipped_file();
std::unique_ptr<Rule> make_cf012_seed_header_renamed();

} // namespace dpipe::lint
