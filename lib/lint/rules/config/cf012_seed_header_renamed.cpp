// CF012 seed-header-renamed: a seed CSV header has an empty or repeated column name.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf012_seed_header_renamed() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF012", "seed-header-renamed", Family::Config, core::Severity::Warning,
                  "A seed CSV header has an empty or repeated column name",
                  "`id,,name,id` loads, but the columns are named for you (`b`, `id_2`): the table has columns "
                  "nobody chose, and a later edit of the header renames them.",
                  "Name every seed column, each once: `id,region,name,legacy_id`."),
        std::vector<std::string>{"LD044"});
}

} // namespace dpipe::lint
