#pragma once

namespace layering {
int alpha();
} // namespace layering
