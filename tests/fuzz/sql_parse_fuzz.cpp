// libFuzzer target: parse, print, re-parse and compute lineage (with a schema lookup) of any
// input in every dialect. Must never crash, hang or trip a sanitizer.
#include "sql/lineage.hpp"
#include "sql/parser.hpp"
#include "sql/printer.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0 || size > 64 * 1024) {
        return 0;
    }
    auto dialect = static_cast<dpipe::sql::Dialect>(data[0] % dpipe::sql::k_dialect_count);
    std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    dpipe::sql::SchemaLookup lookup = [](const dpipe::sql::RelationName& r) -> std::optional<std::vector<std::string>> {
        if (r.parts.size() % 2 == 0) {
            return std::vector<std::string>{"id", "a", "b", r.parts.back()};
        }
        return std::nullopt;
    };
    dpipe::sql::Script script = dpipe::sql::parse("fuzz.sql", text, dialect);
    for (const auto& st : script.statements()) {
        dpipe::sql::QueryLineage l = dpipe::sql::lineage(st, dialect, lookup);
        for (const auto& c : l.columns) {
            for (const auto& o : c.from) {
                if (o.relation >= l.relations.size()) {
                    __builtin_trap();
                }
            }
        }
        (void)dpipe::sql::table_references(st);
    }
    std::string printed = dpipe::sql::print(script);
    dpipe::sql::Script again = dpipe::sql::parse("fuzz.sql", printed, dialect);
    for (const auto& st : again.statements()) {
        (void)dpipe::sql::lineage(st, dialect, lookup);
    }
    return 0;
}
