// Fuzz target: the time expressions of pipelines and gates: 5-field cron schedules, "<n>m|h|d"
// durations and freeze windows ("Fri 16:00-Mon 08:00", "22:00-06:00"). Must never crash or trip
// a sanitizer; a rejected cron or window names a position inside the text.

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
    why.clear();
    offset = 0;
    dpipe::core::FreezeWindow window;
    if (dpipe::load::parse_freeze_window(text, window, why, offset)) {
        // A window that parsed answers every minute of the week.
        for (int day = 0; day < 7; ++day) {
            window.contains(day, 0);
            window.contains(day, 24 * 60 - 1);
        }
    } else if (why.empty() || offset > text.size()) {
        std::abort();
    }
    return 0;
}
