// `modules.datetime` basics: date(y, m, d), datetime(y, m, d[, H, M, S, us]),
// datetime.now()/utcnow(), date.today(), with str(), isoformat(), strftime() and fields.

#include "template/dbt_context.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace dpipe::tmpl {

namespace {

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
        if (name == "year") {
            return Value(m_s.year);
        }
        if (name == "month") {
            return Value(m_s.month);
        }
        if (name == "day") {
            return Value(m_s.day);
        }
        if (m_time && name == "hour") {
            return Value(m_s.hour);
        }
        if (m_time && name == "minute") {
            return Value(m_s.minute);
        }
        if (m_time && name == "second") {
            return Value(m_s.second);
        }
        if (m_time && name == "microsecond") {
            return Value(m_s.micro);
        }
        if (name == "strftime" || name == "isoformat" || name == "date") {
            auto self = std::static_pointer_cast<DateTime>(shared_from_this());
            return Value(std::static_pointer_cast<Object>(std::make_shared<Method>(std::move(self), std::string(name))));
        }
        return Object::get_attr(in, name);
    }

    std::string format(std::string_view fmt) const {
        static const char* const k_months[] = {"January", "February", "March",     "April",   "May",      "June",
                                               "July",    "August",   "September", "October", "November", "December"};
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
            case 'M': two(m_s.minute); break;
            case 'S': two(m_s.second); break;
            case 'f':
                std::snprintf(b, sizeof b, "%06lld", static_cast<long long>(m_s.micro));
                out += b;
                break;
            case 'B': out += k_months[m_s.month - 1]; break;
            case 'b': out += std::string(k_months[m_s.month - 1]).substr(0, 3); break;
            case '%': out += '%'; break;
            default:
                out += '%';
                out += c;
            }
        }
        return out;
    }

private:
    class Method : public Object {
    public:
        Method(std::shared_ptr<DateTime> self, std::string name) : m_self(std::move(self)), m_name(std::move(name)) {}
        std::string_view type_name() const override { return "method"; }
        bool callable() const override { return true; }
        Value call(Interp& in, CallArgs& a) override {
            if (m_name == "strftime") {
                const Value* f = a.get(0, "format");
                if (f == nullptr || !f->is_string()) {
                    in.fail("TP002", "strftime() needs a format string");
                }
                return Value(m_self->format(f->as_string()));
            }
            if (m_name == "date") {
                return Value(std::static_pointer_cast<Object>(std::make_shared<DateTime>(m_self->m_s, false)));
            }
            std::string s = m_self->str();
            if (m_self->m_time) {
                s[10] = 'T';
            }
            return Value(std::move(s));
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

// The `date` / `datetime` classes: callable constructors with now()/today() attributes.
class DateClass : public Object {
public:
    explicit DateClass(bool with_time) : m_time(with_time) {}
    std::string_view type_name() const override { return "type"; }
    bool callable() const override { return true; }
    Value call(Interp& in, CallArgs& a) override {
        static const char* const k_fields[] = {"year", "month", "day", "hour", "minute", "second", "microsecond"};
        std::int64_t f[7] = {0, 0, 0, 0, 0, 0, 0};
        std::size_t n = m_time ? 7 : 3;
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
        return Value(std::static_pointer_cast<Object>(std::make_shared<DateTime>(s, m_time)));
    }
    Value get_attr(Interp& in, std::string_view name) override {
        if (name == "now" || name == "utcnow" || name == "today") {
            return Value(std::static_pointer_cast<Object>(std::make_shared<NowFn>(m_time)));
        }
        return Object::get_attr(in, name);
    }

private:
    class NowFn : public Object {
    public:
        explicit NowFn(bool with_time) : m_time(with_time) {}
        std::string_view type_name() const override { return "function"; }
        bool callable() const override { return true; }
        Value call(Interp&, CallArgs&) override {
            return Value(std::static_pointer_cast<Object>(std::make_shared<DateTime>(now_stamp(), m_time)));
        }

    private:
        bool m_time;
    };
    bool m_time;
};

class Module : public Object {
public:
    explicit Module(std::string name) : m_name(std::move(name)) {}
    std::string_view type_name() const override { return "module"; }
    Value get_attr(Interp& in, std::string_view name) override {
        if (m_name == "modules" && name == "datetime") {
            return Value(std::static_pointer_cast<Object>(std::make_shared<Module>("datetime")));
        }
        if (m_name == "datetime" && (name == "date" || name == "datetime")) {
            return Value(std::static_pointer_cast<Object>(std::make_shared<DateClass>(name == "datetime")));
        }
        return Object::get_attr(in, name);
    }
    std::string str() const override { return "<module '" + m_name + "'>"; }

private:
    std::string m_name;
};

} // namespace

Value make_modules() {
    return Value(std::static_pointer_cast<Object>(std::make_shared<Module>("modules")));
}

Value make_now() {
    return Value(std::static_pointer_cast<Object>(std::make_shared<DateTime>(now_stamp(), true)));
}

} // namespace dpipe::tmpl
