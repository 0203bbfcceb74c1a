#pragma once
// The version of libcurl dpipe talks HTTP through, for `dpipe doctor`.

#include <string>

namespace dpipe::net {

// e.g. "7.88.1".
std::string curl_version();

} // namespace dpipe::net
