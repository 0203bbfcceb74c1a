// `modules.datetime`: date(y, m, d), datetime(y, m, d[, H, M, S, us]), timedelta(...);
// now()/utcnow()/today(), strptime(), fromisoformat(); str(), isoformat(), strftime(), fields,
// replace(); datetime - datetime, datetime +/- timedelta, comparisons. Times are naive: a
// tzinfo is accepted and ignored (pytz zones are UTC here, see modules.cpp).

#include "template/dbt_context.hpp"

#include "template/ast.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace dpipe::tmpl {

namespace {

constexpr std::int64_t k_us_per_day = 86400LL * 1000000LL;

struct Stamp {
    std::int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0;
};

bool valid(const Stamp& s) {
    static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (s.year < 1 || s.year > 9999 || s.month < 1 || s.month > 12 || s.day < 1) {
        return false;
    }
    bool leap = (s.year % 4 == 0 && s.year % 100 != 0) || s.year % 400 == 0;
    int max_day = k_days[s.month - 1] + (s.month == 2 && leap ? 1 : 0);
    return s.day <= max_day && s.hour >= 0 && s.hour < 24 && s.minute >= 0 && s.minute < 60 && s.second >= 0 &&
           s.second < 60 && s.micro >= 0 && s.micro < 1000000;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (the civil calendar formulas).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
    y -= m <= 2 ? 1 : 0;
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, Stamp& s) {
    z += 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    s.day = doy - (153 * mp + 2) / 5 + 1;
    s.month = mp + (mp < 10 ? 3 : -9);
    s.year = yoe + era * 400 + (s.month <= 2 ? 1 : 0);
}

std::int64_t to_micros(const Stamp& s) {
    return days_from_civil(s.year, s.month, s.day) * k_us_per_day +
           ((s.hour * 60 + s.minute) * 60 + s.second) * 1000000LL + s.micro;
}

Stamp from_micros(std::int64_t us) {
    std::int64_t days = us >= 0 ? us / k_us_per_day : -((-us + k_us_per_day - 1) / k_us_per_day);
    std::int64_t rest = us - days * k_us_per_day;
    Stamp s;
    civil_from_days(days, s);
    s.micro = rest % 1000000;
    rest /= 1000000;
    s.second = rest % 60;
    s.minute = (rest / 60) % 60;
    s.hour = rest / 3600;
    return s;
}

Value obj(std::shared_ptr<Object> o) {
    return Value(std::move(o));
}

class TimeDelta : public Object {
public:
    explicit TimeDelta(std::int64_t us) : m_us(us) {}
    std::string_view type_name() const override { return "timedelta"; }
    std::int64_t days() const { return m_us >= 0 ? m_us / k_us_per_day : -((-m_us + k_us_per_day - 1) / k_us_per_day); }
    std::string str() const override {
        std::int64_t d = days();
        std::int64_t rest = m_us - d * k_us_per_day;
        char b[64];
        std::snprintf(b, sizeof b, "%lld:%02lld:%02lld", static_cast<long long>(rest / 3600000000LL),
                      static_cast<long long>(rest / 60000000LL % 60), static_cast<long long>(rest / 1000000 % 60));
        std::string out = d != 0 ? std::to_string(d) + (d == 1 || d == -1 ? " day, " : " days, ") + b : std::string(b);
        if (rest % 1000000 != 0) {
            std::snprintf(b, sizeof b, ".%06lld", static_cast<long long>(rest % 1000000));
            out += b;
        }
        return out;
    }
    bool truthy() const override { return m_us != 0; }
    Value get_attr(Interp& in, std::string_view name) override {
        std::int64_t rest = m_us - days() * k_us_per_day;
        if (name == "days") {
            return Value(days());
        }
        if (name == "seconds") {
            return Value(rest / 1000000);
        }
        if (name == "microseconds") {
            return Value(rest % 1000000);
        }
        if (name == "total_seconds") {
            class Total : public Object {
            public:
                explicit Total(std::int64_t us) : m_us(us) {}
                std::string_view type_name() const override { return "method"; }
                bool callable() const override { return true; }
                Value call(Interp&, CallArgs&) override { return Value(static_cast<double>(m_us) / 1e6); }

            private:
                std::int64_t m_us;
            };
            return obj(std::make_shared<Total>(m_us));
        }
        return Object::get_attr(in, name);
    }
    Value binary(Interp&, BinOp op, const Value& other, bool self_left) override {
        const auto* td = other.is_object() ? dynamic_cast<const TimeDelta*>(other.as_object().get()) : nullptr;
        if (td != nullptr && op == BinOp::Add) {
            return obj(std::make_shared<TimeDelta>(m_us + td->m_us));
        }
        if (td != nullptr && op == BinOp::Sub) {
            return obj(std::make_shared<TimeDelta>(self_left ? m_us - td->m_us : td->m_us - m_us));
        }
        if (op == BinOp::Mul && other.is_int()) {
            return obj(std::make_shared<TimeDelta>(m_us * other.as_int()));
        }
        if (op == BinOp::Div && td != nullptr && self_left && td->m_us != 0) {
            return Value(static_cast<double>(m_us) / static_cast<double>(td->m_us));
        }
        return Value::undefined();
    }
    bool equals(const Value& o) const override {
        const auto* td = o.is_object() ? dynamic_cast<const TimeDelta*>(o.as_object().get()) : nullptr;
        return td != nullptr && td->m_us == m_us;
    }
    bool less(const Value& o, bool& ok) const override {
        const auto* td = o.is_object() ? dynamic_cast<const TimeDelta*>(o.as_object().get()) : nullptr;
        ok = td != nullptr;
        return ok && m_us < td->m_us;
    }

    std::int64_t m_us;
};

class DateTime : public Object {
public:
    DateTime(Stamp s, bool has_time) : m_s(s), m_time(has_time) {}
    std::string_view type_name() const override { return m_time ? "datetime" : "date"; }
    std::string str() const override {
        std::string out = format("%Y-%m-%d");
        if (m_time) {
            out += format(" %H:%M:%S");
            if (m_s.micro != 0) {
                char b[16];
                std::snprintf(b, sizeof b, ".%06lld", static_cast<long long>(m_s.micro));
                out += b;
            }
        }
        return out;
    }
    Value get_attr(Interp& in, std::string_view name) override {
        static const char* const k_fields[] = {"year", "month", "day", "hour", "minute", "second", "microsecond"};
        const std::int64_t values[] = {m_s.year, m_s.month, m_s.day, m_s.hour, m_s.minute, m_s.second, m_s.micro};
        for (std::size_t i = 0; i < 7; ++i) {
            if (name == k_fields[i] && (i < 3 || m_time)) {
                return Value(values[i]);
            }
        }
        if (name == "tzinfo") {
            return Value::none();
        }
        for (const char* m : {"strftime", "isoformat", "date", "replace", "astimezone", "weekday", "isoweekday",
                              "timestamp", "time", "utcoffset"}) {
            if (name == m) {
                auto self = std::static_pointer_cast<DateTime>(shared_from_this());
                return obj(std::make_shared<Method>(std::move(self), std::string(name)));
            }
        }
        return Object::get_attr(in, name);
    }
    Value binary(Interp&, BinOp op, const Value& other, bool self_left) override {
        if (!other.is_object()) {
            return Value::undefined();
        }
        if (const auto* td = dynamic_cast<const TimeDelta*>(other.as_object().get())) {
            if (op == BinOp::Add || (op == BinOp::Sub && self_left)) {
                std::int64_t us = to_micros(m_s) + (op == BinOp::Add ? td->m_us : -td->m_us);
                Stamp s = from_micros(us);
                return obj(std::make_shared<DateTime>(s, m_time));
            }
        }
        if (const auto* dt = dynamic_cast<const DateTime*>(other.as_object().get()); dt != nullptr && op == BinOp::Sub) {
            std::int64_t d = to_micros(m_s) - to_micros(dt->m_s);
            return obj(std::make_shared<TimeDelta>(self_left ? d : -d));
        }
        return Value::undefined();
    }
    bool equals(const Value& o) const override {
        const auto* dt = o.is_object() ? dynamic_cast<const DateTime*>(o.as_object().get()) : nullptr;
        return dt != nullptr && to_micros(dt->m_s) == to_micros(m_s);
    }
    bool less(const Value& o, bool& ok) const override {
        const auto* dt = o.is_object() ? dynamic_cast<const DateTime*>(o.as_object().get()) : nullptr;
        ok = dt != nullptr;
        return ok && to_micros(m_s) < to_micros(dt->m_s);
    }

    std::string format(std::string_view fmt) const {
        static const char* const k_months[] = {"January", "February", "March",     "April",   "May",      "June",
                                               "July",    "August",   "September", "October", "November", "December"};
        static const char* const k_days[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};
        std::string out;
        char b[32];
        for (std::size_t i = 0; i < fmt.size(); ++i) {
            if (fmt[i] != '%' || i + 1 >= fmt.size()) {
                out += fmt[i];
                continue;
            }
            char c = fmt[++i];
            auto two = [&](std::int64_t v) {
                std::snprintf(b, sizeof b, "%02lld", static_cast<long long>(v));
                out += b;
            };
            switch (c) {
            case 'Y':
                std::snprintf(b, sizeof b, "%04lld", static_cast<long long>(m_s.year));
                out += b;
                break;
            case 'y': two(m_s.year % 100); break;
            case 'm': two(m_s.month); break;
            case 'd': two(m_s.day); break;
            case 'H': two(m_s.hour); break;
            case 'I': two(m_s.hour % 12 == 0 ? 12 : m_s.hour % 12); break;
            case 'p': out += m_s.hour < 12 ? "AM" : "PM"; break;
            case 'M': two(m_s.minute); break;
            case 'S': two(m_s.second); break;
            case 'f':
                std::snprintf(b, sizeof b, "%06lld", static_cast<long long>(m_s.micro));
                out += b;
                break;
            case 'j':
                std::snprintf(b, sizeof b, "%03lld",
                              static_cast<long long>(days_from_civil(m_s.year, m_s.month, m_s.day) -
                                                     days_from_civil(m_s.year, 1, 1) + 1));
                out += b;
                break;
            case 'B': out += k_months[m_s.month - 1]; break;
            case 'b': out += std::string(k_months[m_s.month - 1]).substr(0, 3); break;
            case 'A': out += k_days[weekday()]; break;
            case 'a': out += std::string(k_days[weekday()]).substr(0, 3); break;
            case 'z':
            case 'Z': break; // naive
            case '%': out += '%'; break;
            default:
                out += '%';
                out += c;
            }
        }
        return out;
    }
    int weekday() const { // Monday = 0
        std::int64_t d = days_from_civil(m_s.year, m_s.month, m_s.day);
        return static_cast<int>(((d % 7) + 7 + 3) % 7);
    }

private:
    class Method : public Object {
    public:
        Method(std::shared_ptr<DateTime> self, std::string name) : m_self(std::move(self)), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            const Stamp& s = m_self->m_s;
            if (m_name == "strftime") {
                const Value* f = a.get(0, "format");
                if (f == nullptr || !f->is_string()) {
                    in.fail("TP002", "strftime() needs a format string");
                }
                return Value(m_self->format(f->as_string()));
            }
            if (m_name == "date") {
                return obj(std::make_shared<DateTime>(s, false));
            }
            if (m_name == "astimezone") {
                return obj(m_self);
            }
            if (m_name == "utcoffset") {
                return Value::none();
            }
            if (m_name == "time") {
                return Value(m_self->format("%H:%M:%S"));
            }
            if (m_name == "weekday" || m_name == "isoweekday") {
                return Value(static_cast<std::int64_t>(m_self->weekday() + (m_name == "isoweekday" ? 1 : 0)));
            }
            if (m_name == "timestamp") {
                return Value(static_cast<double>(to_micros(s)) / 1e6);
            }
            if (m_name == "replace") {
                Stamp n = s;
                std::int64_t* fields[] = {&n.year, &n.month, &n.day, &n.hour, &n.minute, &n.second, &n.micro};
                static const char* const k_names[] = {"year",   "month",  "day",        "hour",
                                                      "minute", "second", "microsecond"};
                for (const auto& [k, v] : a.kw) {
                    for (std::size_t i = 0; i < 7; ++i) {
                        if (k == k_names[i] && v.is_int()) {
                            *fields[i] = v.as_int();
                        }
                    }
                }
                if (!valid(n)) {
                    in.fail("TP002", "date value out of range");
                }
                return obj(std::make_shared<DateTime>(n, m_self->m_time));
            }
            std::string out = m_self->str();
            if (m_self->m_time) {
                const Value* sep = a.get(0, "sep");
                out[10] = sep != nullptr && sep->is_string() && !sep->as_string().empty() ? sep->as_string()[0] : 'T';
            }
            return Value(std::move(out));
        }

    private:
        std::shared_ptr<DateTime> m_self;
        std::string m_name;
    };

    Stamp m_s;
    bool m_time;
};

Stamp now_stamp() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    Stamp s;
    s.year = tm.tm_year + 1900;
    s.month = tm.tm_mon + 1;
    s.day = tm.tm_mday;
    s.hour = tm.tm_hour;
    s.minute = tm.tm_min;
    s.second = tm.tm_sec;
    s.micro = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    return s;
}

// Reads `n` digits (at most; at least one) of `s` at `i` into `out`.
bool read_int(std::string_view s, std::size_t& i, std::size_t n, std::int64_t& out) {
    std::size_t start = i;
    out = 0;
    while (i < s.size() && i - start < n && s[i] >= '0' && s[i] <= '9') {
        out = out * 10 + (s[i++] - '0');
    }
    return i > start;
}

// Python's strptime for the numeric directives and month names; false when `s` does not match.
bool parse_time(std::string_view s, std::string_view fmt, Stamp& st) {
    static const char* const k_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
    std::size_t i = 0;
    bool pm = false;
    for (std::size_t f = 0; f < fmt.size(); ++f) {
        if (fmt[f] != '%' || f + 1 >= fmt.size()) {
            if (i >= s.size() || s[i] != fmt[f]) {
                return false;
            }
            ++i;
            continue;
        }
        char c = fmt[++f];
        std::int64_t v = 0;
        switch (c) {
        case 'Y': if (!read_int(s, i, 4, st.year)) { return false; } break;
        case 'y': if (!read_int(s, i, 2, v)) { return false; } st.year = v + (v < 69 ? 2000 : 1900); break;
        case 'm': if (!read_int(s, i, 2, st.month)) { return false; } break;
        case 'd': if (!read_int(s, i, 2, st.day)) { return false; } break;
        case 'H': case 'I': if (!read_int(s, i, 2, st.hour)) { return false; } break;
        case 'M': if (!read_int(s, i, 2, st.minute)) { return false; } break;
        case 'S': if (!read_int(s, i, 2, st.second)) { return false; } break;
        case 'f': {
            std::size_t start = i;
            if (!read_int(s, i, 6, st.micro)) {
                return false;
            }
            for (std::size_t k = i - start; k < 6; ++k) {
                st.micro *= 10;
            }
            break;
        }
        case 'p':
            if (i + 2 > s.size()) {
                return false;
            }
            pm = (s[i] == 'P' || s[i] == 'p');
            i += 2;
            break;
        case 'b': case 'B': {
            bool found = false;
            for (int m = 0; m < 12 && !found; ++m) {
                std::string head(s.substr(i, 3));
                for (auto& ch : head) {
                    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                }
                if (head == k_months[m]) {
                    st.month = m + 1;
                    found = true;
                    i += 3;
                    while (c == 'B' && i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
                        ++i;
                    }
                }
            }
            if (!found) {
                return false;
            }
            break;
        }
        case '%': if (i >= s.size() || s[i++] != '%') { return false; } break;
        default: return false;
        }
    }
    if (pm && st.hour < 12) {
        st.hour += 12;
    }
    return i == s.size() && valid(st);
}

// The `date` / `datetime` classes: callable constructors with now()/today()/strptime()/
// fromisoformat() attributes; `timedelta` is a constructor only.
class DateClass : public Object {
public:
    enum class Kind { Date, DateTime, TimeDelta };
    explicit DateClass(Kind k) : m_kind(k) {}
    std::string_view type_name() const override { return "type"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override {
        if (m_kind == Kind::TimeDelta) {
            static const char* const k_units[] = {"days", "seconds", "microseconds", "milliseconds", "minutes",
                                                  "hours", "weeks"};
            static const double k_us[] = {86400e6, 1e6, 1, 1e3, 60e6, 3600e6, 7 * 86400e6};
            double total = 0;
            for (std::size_t i = 0; i < 7; ++i) {
                const Value* v = a.get(i, k_units[i]);
                if (v != nullptr && !v->is_number()) {
                    in.fail("TP002", std::string("unsupported type for timedelta ") + k_units[i] + " component: " +
                                         v->type_name());
                }
                total += v ? v->as_float() * k_us[i] : 0;
            }
            return obj(std::make_shared<TimeDelta>(static_cast<std::int64_t>(total)));
        }
        static const char* const k_fields[] = {"year", "month", "day", "hour", "minute", "second", "microsecond"};
        std::int64_t f[7] = {0, 0, 0, 0, 0, 0, 0};
        std::size_t n = m_kind == Kind::DateTime ? 7 : 3;
        for (std::size_t i = 0; i < n; ++i) {
            const Value* v = a.get(i, k_fields[i]);
            if (v == nullptr && i < 3) {
                in.fail("TP002", std::string("function missing required argument '") + k_fields[i] + "'");
            }
            if (v != nullptr && !v->is_int()) {
                in.fail("TP002", std::string("'") + k_fields[i] + "' must be an integer");
            }
            f[i] = v ? v->as_int() : 0;
        }
        Stamp s{f[0], f[1], f[2], f[3], f[4], f[5], f[6]};
        if (!valid(s)) {
            in.fail("TP002", "date value out of range");
        }
        return obj(std::make_shared<DateTime>(s, m_kind == Kind::DateTime));
    }
    Value get_attr(Interp& in, std::string_view name) override {
        if (m_kind != Kind::TimeDelta && (name == "now" || name == "utcnow" || name == "today" ||
                                          name == "strptime" || name == "fromisoformat")) {
            return obj(std::make_shared<Ctor>(m_kind == Kind::DateTime, std::string(name)));
        }
        return Object::get_attr(in, name);
    }

private:
    class Ctor : public Object {
    public:
        Ctor(bool with_time, std::string name) : m_time(with_time), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "function"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            if (m_name != "strptime" && m_name != "fromisoformat") {
                return obj(std::make_shared<DateTime>(now_stamp(), m_time));
            }
            const Value* s = a.get(0, "date_string");
            if (s == nullptr || !s->is_string()) {
                in.fail("TP002", m_name + "() argument 1 must be str");
            }
            Stamp st;
            bool ok = false;
            if (m_name == "strptime") {
                const Value* f = a.get(1, "format");
                ok = f != nullptr && f->is_string() && parse_time(s->as_string(), f->as_string(), st);
                if (!ok) {
                    in.fail("TP002", "time data '" + s->as_string() + "' does not match format '" +
                                         (f ? f->str() : std::string()) + "'");
                }
            } else {
                const std::string& t = s->as_string();
                for (const char* fmt : {"%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                                        "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f"}) {
                    st = Stamp{};
                    if (parse_time(t.substr(0, t.find_first_of("+Z", 10)), fmt, st)) {
                        ok = true;
                        break;
                    }
                }
                if (!ok) {
                    in.fail("TP002", "Invalid isoformat string: '" + t + "'");
                }
            }
            return obj(std::make_shared<DateTime>(st, m_time));
        }

    private:
        bool m_time;
        std::string m_name;
    };
    Kind m_kind;
};

class DatetimeModule : public Object {
public:
    std::string_view type_name() const override { return "module"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "date") {
            return obj(std::make_shared<DateClass>(DateClass::Kind::Date));
        }
        if (name == "datetime") {
            return obj(std::make_shared<DateClass>(DateClass::Kind::DateTime));
        }
        if (name == "timedelta") {
            return obj(std::make_shared<DateClass>(DateClass::Kind::TimeDelta));
        }
        if (name == "MINYEAR" || name == "MAXYEAR") {
            return Value(static_cast<std::int64_t>(name == "MINYEAR" ? 1 : 9999));
        }
        return Object::get_attr(in, name);
    }
    std::string str() const override { return "<module 'datetime'>"; }
};

} // namespace

Value make_datetime_module() {
    return obj(std::make_shared<DatetimeModule>());
}

Value make_now() {
    return obj(std::make_shared<DateTime>(now_stamp(), true));
}

} // namespace dpipe::tmpl
