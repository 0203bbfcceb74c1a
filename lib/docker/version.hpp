#pragma once
// The version of libcurl the Docker client talks through, for `dpipe doctor`.

#include <string>

namespace dpipe::docker {

// e.g. "7.88.1".
std::string curl_version();

} // namespace dpipe::docker
