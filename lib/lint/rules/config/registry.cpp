// The config rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

void register_config_rules(RuleList& out) {
    out.push_back(make_cf001_load_error());
    out.push_back(make_cf002_invalid_config());
    out.push_back(make_cf003_duplicate_yaml_key());
    out.push_back(make_cf004_duplicate_column());
    out.push_back(make_cf005_seed_column_case());
    out.push_back(make_cf006_unknown_materialization());
    out.push_back(make_cf007_env_var_unset());
    out.push_back(make_cf008_prod_without_gates());
    out.push_back(make_cf009_unused_suppression());
    out.push_back(make_cf010_jinja_error());
    out.push_back(make_cf011_skipped_file());
    out.push_back(make_cf012_seed_header_renamed());
}

} // namespace dpipe::lint
