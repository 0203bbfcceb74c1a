#include "alpha/alpha.hpp"
#include "beta/beta.hpp"

namespace layering {
int beta() { return alpha() + 1; }
} // namespace layering
