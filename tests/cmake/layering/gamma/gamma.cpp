#include "alpha/alpha.hpp"
#include "beta/beta.hpp"

namespace layering {
int gamma() { return alpha() + beta(); }
} // namespace layering
