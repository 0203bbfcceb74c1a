#include "load/schedule.hpp"

#include "util/strings.hpp"

#include <array>
#include <vector>

namespace dpipe::load {

namespace {

// 'text', built by appending (GCC 12 warns falsely on "'" + std::string(...)).
std::string quote(std::string_view text) {
    std::string out(1, '\'');
    out.append(text);
    out += '\'';
    return out;
}

struct Field {
    const char* name;
    int min;
    int max;
    const char* const* names; // 3-letter names for min.. (nullable)
};

const char* const k_months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
const char* const k_days[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

const std::array<Field, 5> k_fields = {{
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day of month", 1, 31, nullptr},
    {"month", 1, 12, k_months},
    {"day of week", 0, 7, k_days},
}};

bool parse_value(std::string_view s, const Field& f, int& out) {
    if (s.empty()) {
        return false;
    }
    if (f.names && s.size() == 3) {
        std::string up = util::to_upper(s);
        for (int i = 0; f.names[i]; ++i) {
            if (up == f.names[i]) {
                out = f.min + i;
                return true;
            }
        }
    }
    if (s.size() > 3) {
        return false;
    }
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    out = v;
    return v >= f.min && v <= f.max;
}

bool valid_field(std::string_view text, const Field& f, std::string& why) {
    for (auto part : util::split(text, ',')) {
        std::string_view range = part;
        auto slash = part.find('/');
        if (slash != std::string_view::npos) {
            range = part.substr(0, slash);
            std::string_view step = part.substr(slash + 1);
            Field step_field{"step", 1, f.max, nullptr};
            int s = 0;
            if (!parse_value(step, step_field, s)) {
                why = "bad step '" + std::string(step) + "' in the " + f.name + " field";
                return false;
            }
        }
        if (range == "*") {
            continue;
        }
        auto dash = range.find('-');
        int lo = 0;
        int hi = 0;
        if (dash == std::string_view::npos) {
            if (!parse_value(range, f, lo)) {
                why = quote(range) + " is not a valid " + f.name + " (" + std::to_string(f.min) +
                      "-" + std::to_string(f.max) + ")";
                return false;
            }
            continue;
        }
        if (!parse_value(range.substr(0, dash), f, lo) || !parse_value(range.substr(dash + 1), f, hi) || lo > hi) {
            why = quote(range) + " is not a valid " + f.name + " range";
            return false;
        }
    }
    return true;
}

} // namespace

bool valid_cron(std::string_view expr, std::string& why, std::size_t& field_offset) {
    std::vector<std::pair<std::string_view, std::size_t>> fields;
    std::size_t i = 0;
    while (i < expr.size()) {
        while (i < expr.size() && (expr[i] == ' ' || expr[i] == '\t')) {
            ++i;
        }
        std::size_t start = i;
        while (i < expr.size() && expr[i] != ' ' && expr[i] != '\t') {
            ++i;
        }
        if (i > start) {
            fields.emplace_back(expr.substr(start, i - start), start);
        }
    }
    field_offset = 0;
    if (fields.size() != 5) {
        why = "cron expression needs 5 fields (minute hour day-of-month month day-of-week), found " +
              std::to_string(fields.size());
        return false;
    }
    for (std::size_t f = 0; f < 5; ++f) {
        if (!valid_field(fields[f].first, k_fields[f], why)) {
            field_offset = fields[f].second;
            return false;
        }
    }
    return true;
}

bool valid_duration(std::string_view text, std::string& why) {
    if (text.size() < 2 || text.size() > 12) {
        why = quote(text) + " is not a duration like 30m, 2h or 1d";
        return false;
    }
    char unit = text.back();
    std::string_view digits = text.substr(0, text.size() - 1);
    bool numeric = digits.find_first_not_of("0123456789") == std::string_view::npos;
    if ((unit != 'm' && unit != 'h' && unit != 'd') || !numeric || digits.find_first_not_of('0') == std::string_view::npos) {
        why = quote(text) + " is not a duration like 30m, 2h or 1d";
        return false;
    }
    return true;
}

namespace {

const char* const k_week_days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// A day name at `i` (3-letter or full, any case) -> 0..6, advancing `i`; -1 if none.
int read_day(std::string_view text, std::size_t& i) {
    std::size_t start = i;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z'))) {
        ++i;
    }
    std::string word = util::to_lower(text.substr(start, i - start));
    if (word.empty()) {
        return -1;
    }
    for (int d = 0; d < 7; ++d) {
        std::string_view full = k_week_days[d];
        if (word == full || word == full.substr(0, 3)) {
            return d;
        }
    }
    i = start;
    return -2; // a word, but not a day
}

// "HH:MM" (or "H:MM") at `i` -> minutes since midnight, advancing `i`; -1 if malformed.
int read_time(std::string_view text, std::size_t& i) {
    auto digits = [&](std::size_t max) {
        int v = 0;
        std::size_t n = 0;
        while (i < text.size() && n < max && text[i] >= '0' && text[i] <= '9') {
            v = v * 10 + (text[i++] - '0');
            ++n;
        }
        return n == 0 ? -1 : v;
    };
    std::size_t start = i;
    int h = digits(2);
    if (h < 0 || i >= text.size() || text[i] != ':') {
        i = start;
        return -1;
    }
    ++i;
    std::size_t mstart = i;
    int m = digits(2);
    if (m < 0 || i - mstart != 2 || h > 23 || m > 59) {
        i = start;
        return -1;
    }
    return h * 60 + m;
}

void skip_spaces(std::string_view text, std::size_t& i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
}

// One end of a window: "[Day ]HH:MM". Returns false with `why` set.
bool read_point(std::string_view text, std::size_t& i, int& day, int& minute, std::string& why, std::size_t& offset) {
    skip_spaces(text, i);
    offset = i;
    day = read_day(text, i);
    if (day == -2) {
        std::size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '-') {
            ++end;
        }
        why = quote(text.substr(i, end - i)) + " is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)";
        return false;
    }
    if (day >= 0) {
        skip_spaces(text, i);
        offset = i;
    }
    minute = read_time(text, i);
    if (minute < 0) {
        std::size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '-') {
            ++end;
        }
        why = (end > i ? quote(text.substr(i, end - i)) : std::string("nothing")) + " is not a time HH:MM (00:00-23:59)";
        return false;
    }
    return true;
}

} // namespace

bool parse_freeze_window(std::string_view text, core::FreezeWindow& out, std::string& why, std::size_t& offset) {
    core::FreezeWindow w;
    w.text = std::string(text);
    std::size_t i = 0;
    offset = 0;
    if (!read_point(text, i, w.start_day, w.start_minute, why, offset)) {
        return false;
    }
    skip_spaces(text, i);
    if (i >= text.size() || text[i] != '-') {
        offset = i;
        why = "expected '-' between the start and the end of the window";
        return false;
    }
    ++i;
    if (!read_point(text, i, w.end_day, w.end_minute, why, offset)) {
        return false;
    }
    skip_spaces(text, i);
    if (i < text.size()) {
        offset = i;
        why = "unexpected " + quote(text.substr(i)) + " after the window";
        return false;
    }
    if ((w.start_day < 0) != (w.end_day < 0)) {
        offset = 0;
        why = "give a day on both ends of the window or on neither";
        return false;
    }
    if (w.start_day == w.end_day && w.start_minute == w.end_minute) {
        offset = 0;
        why = "the window is empty (it ends where it starts)";
        return false;
    }
    out = std::move(w);
    return true;
}

} // namespace dpipe::load
