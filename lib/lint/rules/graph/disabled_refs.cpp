#include "lint/rules/graph/disabled_refs.hpp"

#include <set>

namespace dpipe::lint {

std::vector<core::Ref> refs_to_disabled(const Context& ctx) {
    std::set<std::string> disabled;
    for (const auto& m : ctx.project().models) {
        if (!m.enabled()) {
            disabled.insert(m.name);
        }
    }
    std::vector<core::Ref> out;
    if (disabled.empty()) {
        return out;
    }
    for (const auto& m : ctx.project().models) {
        if (!m.enabled()) {
            continue;
        }
        for (const auto& r : m.rendered.refs) {
            if (disabled.count(r.name) != 0 && ctx.graph().find_name(r.name).empty()) {
                out.push_back(r);
            }
        }
    }
    return out;
}

} // namespace dpipe::lint
