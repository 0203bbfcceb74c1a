// Fuzzes the YAML reader (limits, aliases, merge keys, locations) and schema validation of
// property files. Any input must yield a document or one located diagnostic, and the quick
// schema check must pass only what valijson passes.

#include "load/document.hpp"
#include "load/schema.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace dpipe::load;
    Limits limits;
    limits.max_file_bytes = 1 << 20;
    limits.max_nodes = 100'000;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto doc = parse_yaml(text, "fuzz.yml", limits);
    if (!doc.ok()) {
        const auto& d = doc.error();
        if (d.loc.file != "fuzz.yml" || d.loc.line < 1 || d.loc.col < 1 || d.code.empty()) {
            std::abort();
        }
        return 0;
    }
    for (const auto& diag : validate(*doc, SchemaId::Properties)) {
        if (diag.loc.line < 1) {
            std::abort();
        }
    }
    // The quick check that spares valijson must never pass what valijson refuses.
    for (SchemaId id : {SchemaId::Properties, SchemaId::Pipeline, SchemaId::DpipeYaml, SchemaId::ToolConfig}) {
        if (quick_check_passes(*doc, id) && !valijson_passes(*doc, id)) {
            std::abort();
        }
    }
    (void)doc->loc("/models/0/columns/0/name");
    (void)doc->key_loc("/models/0/name");
    return 0;
}
