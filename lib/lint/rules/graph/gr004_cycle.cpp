// GR004 cycle: Models depend on each other in a cycle.

#include "lint/helpers.hpp"
#include "lint/rules/graph/rules.hpp"

namespace dpipe::lint {

std::unique_ptr<Rule> make_gr004_cycle() {
    return std::make_unique<DiagnosticRule>(
        rule_info("GR004", "cycle", Family::Graph, core::Severity::Error,
                  "Models depend on each other in a cycle",
                  "`a` selects from `ref('b')` and `b` from `ref('a')`: there is no order to build them in.",
                  "Break the cycle: move the shared logic into a third model both read from."),
        std::vector<std::string>{"GR004"});
}

} // namespace dpipe::lint
