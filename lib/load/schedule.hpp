#pragma once
// Validation of the time expressions used in pipelines and gates.

#include <string>
#include <string_view>

namespace dpipe::load {

// A 5-field cron expression (minute hour day-of-month month day-of-week) with *, lists,
// ranges, steps and JAN-DEC / SUN-SAT names. On failure `why` says what is wrong and
// `field_offset` is the byte offset of the offending field.
bool valid_cron(std::string_view expr, std::string& why, std::size_t& field_offset);

// "<n>m", "<n>h" or "<n>d" with n > 0.
bool valid_duration(std::string_view text, std::string& why);

} // namespace dpipe::load
