#pragma once
// Calls of ref() in enabled models that name a disabled model (and no enabled node): the graph
// reports them as unknown refs; GR015 reports them as what they are and GR001 leaves them out.

#include "lint/context.hpp"

#include <vector>

namespace dpipe::lint {

std::vector<core::Ref> refs_to_disabled(const Context& ctx);

} // namespace dpipe::lint
