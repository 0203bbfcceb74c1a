#pragma once
// Validation of the time expressions used in pipelines and gates.

#include "core/project.hpp"

#include <string>
#include <string_view>

namespace dpipe::load {

// A 5-field cron expression (minute hour day-of-month month day-of-week) with *, lists,
// ranges, steps and JAN-DEC / SUN-SAT names. On failure `why` says what is wrong and
// `field_offset` is the byte offset of the offending field.
bool valid_cron(std::string_view expr, std::string& why, std::size_t& field_offset);

// "<n>m", "<n>h" or "<n>d" with n > 0.
bool valid_duration(std::string_view text, std::string& why);

// The accepted freeze-window formats, for messages.
inline constexpr std::string_view k_freeze_formats =
    "'Day HH:MM-Day HH:MM' (e.g. 'Fri 16:00-Mon 08:00', days Mon..Sun) or daily 'HH:MM-HH:MM'";

// A freeze window: "Day HH:MM-Day HH:MM" (days Mon..Sun, or full names, any case; hours
// 00:00-23:59) or a daily "HH:MM-HH:MM"; spaces around '-' are allowed. A window that starts
// where it ends is refused. On failure `why` says what is wrong and `offset` is the byte offset
// of the offending part.
bool parse_freeze_window(std::string_view text, core::FreezeWindow& out, std::string& why, std::size_t& offset);

} // namespace dpipe::load
