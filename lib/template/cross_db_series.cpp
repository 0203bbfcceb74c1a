// dbt's cross-database macros: generate_series and date_spine with their helpers.

#include "template/cross_db_impl.hpp"

#include <optional>

namespace dpipe::tmpl::cross_db {

namespace {

constexpr int k_max_power = 99; // dbt searches 2**1 .. 2**99

std::string powers_of_two(Call& c) {
    std::int64_t bound = number_arg(c, 0, "get_powers_of_two");
    if (bound <= 0) {
        c.in.fail("TP004", "upper bound must be positive");
    }
    for (int i = 1; i < k_max_power; ++i) {
        if (i >= 62 || bound <= (std::int64_t{1} << i)) {
            return std::to_string(i);
        }
    }
    return std::to_string(k_max_power);
}

// Numbers 1..upper_bound from a cross join of n two-row tables (n = bits needed).
std::string generate_series(Call& c) {
    int n = std::stoi(c.sub("get_powers_of_two", {c.a[0]}));
    std::string sum;
    std::string from;
    for (int i = 0; i < n; ++i) {
        std::string p = "p" + std::to_string(i);
        sum += p + ".generated_number * power(2, " + std::to_string(i) + ") + ";
        from += (i == 0 ? "p as " : " cross join p as ") + p;
    }
    return "with p as (select 0 as generated_number union all select 1), unioned as (select " + sum +
           "1 as generated_number from " + from + ") select * from unioned where generated_number <= " + c.s(0) +
           " order by generated_number";
}

struct Civil {
    std::int64_t year = 0;
    std::int64_t month = 0;
    std::int64_t day = 0;
};

// The first YYYY-MM-DD in an expression such as "cast('2020-01-01' as date)".
std::optional<Civil> literal_date(const std::string& s) {
    auto digits = [&](std::size_t at, std::size_t n) {
        for (std::size_t i = at; i < at + n; ++i) {
            if (i >= s.size() || s[i] < '0' || s[i] > '9') {
                return false;
            }
        }
        return true;
    };
    for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
        if (digits(i, 4) && s[i + 4] == '-' && digits(i + 5, 2) && s[i + 7] == '-' && digits(i + 8, 2)) {
            Civil d{std::stoll(s.substr(i, 4)), std::stoll(s.substr(i + 5, 2)), std::stoll(s.substr(i + 8, 2))};
            if (d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31) {
                return d;
            }
        }
    }
    return std::nullopt;
}

// Days since 1970-01-01 (proleptic Gregorian calendar).
std::int64_t days_from_civil(const Civil& c) {
    std::int64_t y = c.month <= 2 ? c.year - 1 : c.year;
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (c.month + 9) % 12;
    std::int64_t doy = (153 * mp + 2) / 5 + c.day - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// What dbt's query `select datediff(start, end, datepart)` returns when both ends are date
// literals; otherwise 1, which is what dbt itself uses when it cannot run the query (parse
// time), so the spine keeps its shape.
std::string intervals_between(Call& c) {
    auto a = literal_date(c.s(0));
    auto b = literal_date(c.s(1));
    if (!a || !b) {
        return "1";
    }
    std::string part = lower(c.s(2));
    std::int64_t days = days_from_civil(*b) - days_from_civil(*a);
    std::int64_t months = (b->year - a->year) * 12 + (b->month - a->month);
    std::int64_t n = 1;
    if (part == "day") {
        n = days;
    } else if (part == "week") {
        n = days / 7;
    } else if (part == "month") {
        n = months;
    } else if (part == "quarter") {
        n = (b->year - a->year) * 4 + ((b->month - 1) / 3 - (a->month - 1) / 3);
    } else if (part == "year") {
        n = b->year - a->year;
    } else if (part == "hour") {
        n = days * 24;
    }
    return std::to_string(n > 0 ? n : 1);
}

std::string date_spine(Call& c) {
    const std::string part = c.s(0);
    std::string count = c.sub("get_intervals_between", {c.a[1], c.a[2], c.a[0]});
    std::string series = c.sub("generate_series", {Value(static_cast<std::int64_t>(std::stoll(count)))});
    std::string period = c.sub("dateadd", {c.a[0], Value("row_number() over (order by 1) - 1"), c.a[1]});
    return "with rawdata as (" + series + "), all_periods as (select (" + period + ") as date_" + part +
           " from rawdata), filtered as (select * from all_periods where date_" + part + " <= " + c.s(2) +
           ") select * from filtered";
}

} // namespace

const std::vector<Impl>& series_impls() {
    static const std::vector<Impl> k_impls = {
        {"get_powers_of_two", "default", powers_of_two},
        {"generate_series", "default", generate_series},
        {"get_intervals_between", "default", intervals_between},
        {"date_spine", "default", date_spine},
    };
    return k_impls;
}

} // namespace dpipe::tmpl::cross_db
