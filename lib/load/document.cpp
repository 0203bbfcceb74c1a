#include "load/document.hpp"

#include "util/strings.hpp"

#include <cstdio>
#include <cstring>

namespace dpipe::load {

namespace {

core::SourceLoc lookup(const Document& doc, std::string_view pointer) {
    std::string key(pointer);
    for (;;) {
        auto it = doc.value_locs.find(key);
        if (it != doc.value_locs.end()) {
            return {doc.file, it->second.line, it->second.col};
        }
        if (key.empty()) {
            break;
        }
        auto slash = key.rfind('/');
        key.resize(slash == std::string::npos ? 0 : slash);
    }
    return {doc.file, 1, 1};
}

} // namespace

core::SourceLoc Document::loc(std::string_view pointer) const {
    return lookup(*this, pointer);
}

core::SourceLoc Document::key_loc(std::string_view pointer) const {
    auto it = key_locs.find(std::string(pointer));
    if (it != key_locs.end()) {
        return {file, it->second.line, it->second.col};
    }
    return loc(pointer);
}

void pointer_append(std::string& pointer, std::string_view token) {
    pointer += '/';
    for (char c : token) {
        if (c == '~') {
            pointer += "~0";
        } else if (c == '/') {
            pointer += "~1";
        } else {
            pointer += c;
        }
    }
}

std::string pointer_join(std::string_view pointer, std::string_view token) {
    std::string out(pointer);
    pointer_append(out, token);
    return out;
}

std::string pointer_join(std::string_view pointer, std::size_t index) {
    std::string out(pointer);
    out += '/';
    out += std::to_string(index);
    return out;
}

core::Diagnostic make_error(std::string code, core::SourceLoc loc, std::string message) {
    return core::Diagnostic{core::Severity::Error, std::move(code), std::move(loc), std::move(message), {}};
}

util::Result<bool, core::Diagnostic> check_text(std::string_view text, const std::string& file,
                                                const Limits& limits) {
    if (text.size() > limits.max_file_bytes) {
        return util::unexpected(make_error("LD008", {file, 1, 1},
                                           "file is larger than the limit of " +
                                               std::to_string(limits.max_file_bytes) + " bytes"));
    }
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
        auto off = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        auto lc = util::line_col_at(text, off);
        return util::unexpected(make_error("LD007", {file, lc.line, lc.col},
                                           "binary file: NUL byte where text was expected"));
    }
    std::size_t bad = 0;
    if (!util::valid_utf8(text, &bad)) {
        auto lc = util::line_col_at(text, bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
        return util::unexpected(make_error("LD006", {file, lc.line, lc.col},
                                           std::string("invalid UTF-8 byte ") + hex));
    }
    return true;
}

} // namespace dpipe::load
