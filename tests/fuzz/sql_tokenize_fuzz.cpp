// libFuzzer target: the tokenizer must terminate on any bytes in every dialect, with tokens
// that are non-empty, in order, and inside the input.
#include "sql/tokenizer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    // The first byte picks the dialect; the rest is the SQL text.
    auto dialect = static_cast<dpipe::sql::Dialect>(data[0] % dpipe::sql::k_dialect_count);
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    dpipe::sql::Tokenizer tz(text, dialect);
    std::size_t last_end = 0;
    for (std::size_t guard = 0; guard <= text.size() + 1; ++guard) {
        dpipe::sql::Token t = tz.next();
        if (t.kind == dpipe::sql::TokenKind::End) {
            return 0;
        }
        if (t.text.empty() || t.offset < last_end || t.offset + t.text.size() > text.size()) {
            std::abort();
        }
        last_end = t.offset + t.text.size();
    }
    std::abort(); // more tokens than bytes: the tokenizer failed to make progress
}
