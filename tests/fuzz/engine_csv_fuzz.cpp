// Fuzzes the CSV reader and header resolution: malformed input must end in core::Error, never
// a crash or a hang.

#include "engine/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    dpipe::engine::CsvSource source{"fuzz.csv", 64, 4096};
    try {
        dpipe::engine::CsvReader reader(text, source);
        std::vector<dpipe::engine::CsvField> fields;
        bool header = true;
        while (reader.next(fields)) {
            if (header) {
                header = false;
                dpipe::engine::resolve_csv_columns(fields, {{"id", "integer"}}, source,
                                                   reader.record_line());
            }
        }
    } catch (const dpipe::core::Error&) {
    }
    return 0;
}
