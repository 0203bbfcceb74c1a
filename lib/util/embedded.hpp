#pragma once
// Files compiled into the binary (templates, schemas), generated at build time by
// cmake/embed.cmake via dpipe_embed() in CMake.

#include <string_view>
#include <vector>

namespace dpipe::util {

struct EmbeddedFile {
    std::string_view path; // relative to the embedded folder, forward slashes
    std::string_view content;
};

} // namespace dpipe::util
