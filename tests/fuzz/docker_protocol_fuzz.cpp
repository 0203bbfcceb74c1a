// Fuzzes the Docker wire-format helpers that read daemon output: log demultiplexing, the pull
// progress stream, error bodies, image references and API versions.

#include "docker/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string logs = dpipe::docker::demux_logs(text);
    dpipe::docker::tail_lines(logs, 5);
    dpipe::docker::pull_stream_error(text);
    dpipe::docker::error_message(text);
    dpipe::docker::parse_image_ref(text);
    dpipe::docker::ApiVersion::parse(text);
    dpipe::docker::url_encode(text.substr(0, 256));
    return 0;
}
