#include "deps/archive.hpp"

#include "util/strings.hpp"

#include <zlib.h>

#include <fstream>
#include <vector>

namespace dpipe::deps {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_block = 512;

std::string field(const char* p, std::size_t n) {
    std::size_t len = 0;
    while (len < n && p[len] != '\0') {
        ++len;
    }
    return std::string(p, len);
}

bool octal(const char* p, std::size_t n, std::uint64_t* out) {
    std::uint64_t v = 0;
    std::size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\0')) {
        ++i;
    }
    bool any = false;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v > (std::uint64_t{1} << 60)) {
            return false;
        }
        v = v * 8 + static_cast<std::uint64_t>(p[i] - '0');
        any = true;
    }
    for (; i < n; ++i) {
        if (p[i] != ' ' && p[i] != '\0') {
            return false;
        }
    }
    *out = v;
    return any || n > 0;
}

bool checksum_ok(const char* header) {
    std::uint64_t stored = 0;
    if (!octal(header + 148, 8, &stored)) {
        return false;
    }
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < k_block; ++i) {
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
    }
    return sum == stored;
}

// The entry's path made relative and checked; "" for the archive root itself.
util::Result<std::string, std::string> safe_path(const std::string& raw) {
    if (raw.empty() || raw.front() == '/' || raw.find('\\') != std::string::npos) {
        return util::unexpected("the archive entry '" + raw + "' is not a relative path");
    }
    std::vector<std::string> parts;
    for (std::string_view part : util::split(raw, '/')) {
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            return util::unexpected("the archive entry '" + raw +
                                    "' climbs out of the package ('..')");
        }
        parts.emplace_back(part);
    }
    return util::join(parts, "/");
}

// A link target that stays inside the archive: relative and never above its root.
bool link_stays_inside(const std::string& entry, const std::string& target) {
    if (target.empty() || target.front() == '/') {
        return false;
    }
    long depth = static_cast<long>(util::split(entry, '/').size()) - 1; // folder of the link
    for (std::string_view part : util::split(target, '/')) {
        if (part == "..") {
            if (--depth < 0) {
                return false;
            }
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
    }
    return true;
}

// Pax extended header records: "<len> key=value\n".
std::string pax_path(std::string_view records) {
    std::string path;
    while (!records.empty()) {
        std::size_t space = records.find(' ');
        if (space == std::string_view::npos) {
            break;
        }
        std::size_t len = 0;
        for (char c : records.substr(0, space)) {
            if (c < '0' || c > '9' || len > records.size()) {
                return path;
            }
            len = len * 10 + static_cast<std::size_t>(c - '0');
        }
        if (len <= space + 1 || len > records.size()) {
            break;
        }
        std::string_view record = records.substr(space + 1, len - space - 2);
        if (record.substr(0, 5) == "path=") {
            path = std::string(record.substr(5));
        }
        records = records.substr(len);
    }
    return path;
}

} // namespace

util::Result<std::string, std::string> gunzip(std::string_view data, std::uint64_t max_bytes) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        return util::unexpected(std::string("cannot initialise zlib"));
    }
    std::string out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    std::vector<char> buf(1 << 16);
    int rc = Z_OK;
    while (true) {
        z.next_out = reinterpret_cast<Bytef*>(buf.data());
        z.avail_out = static_cast<uInt>(buf.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            return util::unexpected(std::string("the archive is not valid gzip data"));
        }
        out.append(buf.data(), buf.size() - z.avail_out);
        if (out.size() > max_bytes) {
            inflateEnd(&z);
            return util::unexpected("the archive unpacks to more than " +
                                    std::to_string(max_bytes) + " bytes");
        }
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0) {
                break;
            }
            inflateReset(&z); // another gzip member follows
        } else if (z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            return util::unexpected(std::string("the archive is truncated"));
        }
    }
    inflateEnd(&z);
    return out;
}

util::Result<std::uint64_t, std::string>
extract_tar_gz(std::string_view data, const fs::path& destination, const ArchiveLimits& limits) {
    auto tar = gunzip(data, limits.max_total_bytes);
    if (!tar) {
        return util::unexpected(tar.error());
    }
    std::error_code ec;
    fs::create_directories(destination, ec);
    if (ec) {
        return util::unexpected("cannot create " + destination.string() + ": " + ec.message());
    }
    std::string_view in = *tar;
    std::size_t pos = 0;
    std::uint64_t entries = 0;
    std::string long_name;
    while (pos + k_block <= in.size()) {
        const char* h = in.data() + pos;
        bool zero = true;
        for (std::size_t i = 0; i < k_block; ++i) {
            if (h[i] != '\0') {
                zero = false;
                break;
            }
        }
        if (zero) {
            break; // end of archive
        }
        std::uint64_t size = 0;
        if (!checksum_ok(h) || !octal(h + 124, 12, &size)) {
            return util::unexpected("the archive has a corrupt header at byte " +
                                    std::to_string(pos));
        }
        pos += k_block;
        std::uint64_t padded = (size + k_block - 1) / k_block * k_block;
        if (size > in.size() - pos) {
            return util::unexpected(std::string("the archive is truncated"));
        }
        std::string_view body = in.substr(pos, static_cast<std::size_t>(size));
        pos += static_cast<std::size_t>(std::min<std::uint64_t>(padded, in.size() - pos));
        char type = h[156];
        if (type == 'x' || type == 'L') {
            long_name = type == 'x' ? pax_path(body) : field(body.data(), body.size());
            continue;
        }
        if (type == 'g') {
            continue;
        }
        if (++entries > limits.max_entries) {
            return util::unexpected("the archive has more than " +
                                    std::to_string(limits.max_entries) + " entries");
        }
        std::string name = field(h, 100);
        std::string prefix = std::string_view(h + 257, 5) == "ustar" ? field(h + 345, 155) : "";
        std::string raw =
            !long_name.empty() ? long_name : (prefix.empty() ? name : prefix + "/" + name);
        long_name.clear();
        auto rel = safe_path(raw);
        if (!rel) {
            return util::unexpected(rel.error());
        }
        if (type == '2' || type == '1') {
            std::string target = field(h + 157, 100);
            bool inside = type == '2' ? link_stays_inside(*rel, target) : safe_path(target).ok();
            if (!inside) {
                return util::unexpected("the archive entry '" + raw +
                                        "' links outside the package ('" + target + "')");
            }
            continue; // links are not created
        }
        if (rel->empty()) {
            continue;
        }
        fs::path path = destination / *rel;
        if (type == '5') {
            fs::create_directories(path, ec);
            if (ec) {
                return util::unexpected("cannot create " + path.string() + ": " + ec.message());
            }
            continue;
        }
        if (type != '0' && type != '\0' && type != '7') {
            return util::unexpected("the archive entry '" + raw + "' is not a file or a folder");
        }
        if (size > limits.max_file_bytes) {
            return util::unexpected("the archive entry '" + raw + "' is larger than " +
                                    std::to_string(limits.max_file_bytes) + " bytes");
        }
        fs::create_directories(path.parent_path(), ec);
        if (ec || fs::is_symlink(path, ec)) {
            return util::unexpected("cannot create " + path.parent_path().string());
        }
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        out.close();
        if (!out) {
            return util::unexpected("cannot write " + path.string());
        }
    }
    return entries;
}

} // namespace dpipe::deps
