#pragma once

namespace layering {
int beta();
} // namespace layering
