#include "net/version.hpp"

#include <curl/curl.h>

namespace dpipe::net {

std::string curl_version() {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info != nullptr && info->version != nullptr ? info->version : "unknown";
}

} // namespace dpipe::net
