#pragma once
// The layer options the layering rules share: folders and name prefixes of staging and marts.

#include "core/project.hpp"
#include "lint/rule.hpp"

#include <vector>

namespace dpipe::lint {

inline std::vector<OptionSpec> staging_options() {
    return {{"staging_folders", core::Json::array({"staging"}), "folders whose models are staging models"},
            {"staging_prefixes", core::Json::array({"stg_"}), "name prefixes of staging models"}};
}

inline std::vector<OptionSpec> marts_options() {
    return {{"marts_folders", core::Json::array({"marts"}), "folders whose models are marts"},
            {"marts_prefixes", core::Json::array({"fct_", "dim_", "mart_"}), "name prefixes of marts"}};
}

} // namespace dpipe::lint
