#pragma once
// Package tarballs (.tar.gz), read from memory with zlib and a small tar reader. Archives come
// from the network and are untrusted: every entry's path must stay inside the destination.

#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dpipe::deps {

struct ArchiveLimits {
    std::uint64_t max_total_bytes = std::uint64_t{512} << 20; // unpacked tar stream
    std::uint64_t max_file_bytes = std::uint64_t{128} << 20;
    std::uint64_t max_entries = 100'000;
};

// Decompresses gzip data (several members allowed); fails on corrupt data or when the result
// would exceed `max_bytes`.
util::Result<std::string, std::string> gunzip(std::string_view data, std::uint64_t max_bytes);

// Extracts a gzip-compressed tar (ustar, pax `path` headers, GNU long names) into
// `destination`, which is created. Regular files and folders are written; symbolic and hard
// links are not created. Refused, with a sentence naming the entry: an absolute path or one with
// a `..` component, a link whose target is absolute or climbs out, device files and FIFOs,
// corrupt headers, and anything above the limits. On failure the destination may hold a part of
// the archive (callers extract into a temporary folder).
util::Result<std::uint64_t, std::string> extract_tar_gz(std::string_view data,
                                                        const std::filesystem::path& destination,
                                                        const ArchiveLimits& limits = {});

} // namespace dpipe::deps
