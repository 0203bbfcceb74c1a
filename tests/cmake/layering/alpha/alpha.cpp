#include "alpha/alpha.hpp"

namespace layering {
int alpha() { return 1; }
} // namespace layering
