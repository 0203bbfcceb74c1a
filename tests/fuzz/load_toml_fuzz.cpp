// Fuzz target: the TOML reader (.dpipe.toml) with its limits and locations. Any input must yield
// a document or one located diagnostic; never a crash, hang or sanitizer report.

#include "load/document.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dpipe::load;
    Limits limits;
    limits.max_nodes = 100'000;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto doc = parse_toml(text, ".dpipe.toml", limits);
    if (!doc.ok()) {
        const auto& d = doc.error();
        if (d.loc.file != ".dpipe.toml" || d.loc.line < 1 || d.loc.col < 1 || d.code.empty()) {
            std::abort();
        }
        return 0;
    }
    if (doc->locs.empty()) {
        std::abort();
    }
    (void)doc->loc("/test/engine");
    (void)doc->key_loc("/profiles/0");
    (void)doc->root.dump();
    return 0;
}
