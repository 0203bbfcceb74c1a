// CF011 skipped-file: A file in a project folder is skipped: a symbolic link, a special file, an unreadable folder or a name that is not UTF-8.

#include "lint/helpers.hpp"
#include "lint/rules/config/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_cf011_skipped_file() {
    return std::make_unique<DiagnosticRule>(
        rule_info("CF011", "skipped-file", Family::Config, core::Severity::Warning,
                  "A file in a project folder is skipped: a symbolic link, a special file, an unreadable folder or a name that is not UTF-8",
                  "A symlinked model is read by some tools and not by others (git stores the link, not the file), so the project differs by machine.",
                  "Keep project files as regular files in the repository; copy shared SQL into a package instead of linking it."),
        std::vector<std::string>{"LD050", "LD051", "LD052", "LD053"});
}

} // namespace dpipe::lint
