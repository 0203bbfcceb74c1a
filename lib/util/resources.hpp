#pragma once
// What the process has used so far, for DPIPE_TIMINGS and bench/.

#include <cstdint>

namespace dpipe::util {

// The peak resident set size of this process in bytes (0 when the system does not say).
std::uint64_t peak_rss_bytes();

} // namespace dpipe::util
