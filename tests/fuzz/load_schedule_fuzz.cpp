// Fuzz target: the time expressions of pipelines and gates: 5-field cron schedules and "<n>m|h|d"
// durations. Must never crash or trip a sanitizer; a rejected cron names a field inside the text.

#include "load/schedule.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string why;
    std::size_t offset = 0;
    if (!dpipe::load::valid_cron(text, why, offset)) {
        if (why.empty() || offset > text.size()) {
            std::abort();
        }
    }
    why.clear();
    if (!dpipe::load::valid_duration(text, why) && why.empty()) {
        std::abort();
    }
    return 0;
}
