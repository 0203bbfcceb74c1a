#pragma once
// The governance rules: one factory per rule, each defined in its own file.

#include "lint/rule.hpp"

#include <memory>

namespace dpipe::lint {


} // namespace dpipe::lint
