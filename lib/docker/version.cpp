#include "docker/version.hpp"

#include <curl/curl.h>

namespace dpipe::docker {

std::string curl_version() {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info != nullptr && info->version != nullptr ? info->version : "unknown";
}

} // namespace dpipe::docker
