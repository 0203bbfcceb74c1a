// dbt's cross-database macros: types, dates, timestamps and casts.

#include "template/cross_db_impl.hpp"

#include <cstdio>

namespace dpipe::tmpl::cross_db {

// ---- types (api.Column.translate_type and numeric_type per adapter)

std::string type_string(Call& c) {
    if (c.type == "bigquery" || c.type == "spark" || c.type == "databricks") {
        return "string";
    }
    return c.type == "trino" ? "varchar" : "TEXT";
}
std::string type_int(Call& c) {
    return c.type == "bigquery" ? "INT64" : "integer";
}

namespace {

std::string type_timestamp(Call&) {
    return "timestamp";
}
std::string type_float(Call& c) {
    return c.type == "bigquery" ? "FLOAT64" : (c.type == "trino" ? "double" : "float");
}
std::string type_numeric(Call& c) {
    if (c.type == "bigquery") {
        return "numeric";
    }
    if (c.type == "spark" || c.type == "databricks") {
        return "decimal(28,6)";
    }
    return c.type == "trino" ? "decimal(28, 6)" : "numeric(28,6)";
}
std::string type_bigint(Call&) {
    return "bigint";
}
std::string type_boolean(Call&) {
    return "boolean";
}

// ---- dates

std::string dateadd_default(Call& c) {
    return "dateadd(" + c.s(0) + ", " + c.s(1) + ", " + c.s(2) + ")";
}
std::string dateadd_postgres(Call& c) {
    return c.s(2) + " + ((interval '1 " + c.s(0) + "') * (" + c.s(1) + "))";
}
std::string dateadd_bigquery(Call& c) {
    return "datetime_add(cast(" + c.s(2) + " as datetime), interval " + c.s(1) + " " + c.s(0) + ")";
}
std::string dateadd_trino(Call& c) {
    return "date_add('" + c.s(0) + "', " + c.s(1) + ", " + c.s(2) + ")";
}
std::string dateadd_databricks(Call& c) {
    return "timestampadd(" + c.s(0) + ", " + c.s(1) + ", " + c.s(2) + ")";
}

std::string datediff_default(Call& c) {
    return "datediff(" + c.s(2) + ", " + c.s(0) + ", " + c.s(1) + ")";
}
std::string datediff_bigquery(Call& c) {
    return "datetime_diff(cast(" + c.s(1) + " as datetime), cast(" + c.s(0) + " as datetime), " + c.s(2) + ")";
}
std::string datediff_databricks(Call& c) {
    return "timestampdiff(" + c.s(2) + ", " + c.sub("date_trunc", {c.a[2], c.a[0]}) + ", " +
           c.sub("date_trunc", {c.a[2], c.a[1]}) + ")";
}

// postgres and duckdb: calendar arithmetic built up from coarser parts.
std::string datediff_postgres(Call& c) {
    const std::string a = c.s(0);
    const std::string b = c.s(1);
    const std::string part = lower(c.s(2));
    auto again = [&](const char* p) { return c.sub("datediff", {c.a[0], c.a[1], Value(p)}); };
    auto dp = [&](const char* field, const char* cast) {
        return "date_part('" + std::string(field) + "', (" + b + ")::" + cast + ") - date_part('" + field + "', (" + a +
               ")::" + cast + ")";
    };
    auto floor_dp = [&](const char* field) {
        return "floor(date_part('" + std::string(field) + "', (" + b + ")::timestamp)) - floor(date_part('" + field +
               "', (" + a + ")::timestamp))";
    };
    if (part == "year") {
        return "(" + dp("year", "date") + ")";
    }
    if (part == "quarter") {
        return "(" + again("year") + " * 4 + " + dp("quarter", "date") + ")";
    }
    if (part == "month") {
        return "(" + again("year") + " * 12 + " + dp("month", "date") + ")";
    }
    if (part == "day") {
        return "((" + b + ")::date - (" + a + ")::date)";
    }
    if (part == "week") {
        return "(" + again("day") + " / 7 + case when date_part('dow', (" + a + ")::timestamp) <= date_part('dow', (" +
               b + ")::timestamp) then case when " + a + " <= " + b + " then 0 else -1 end else case when " + a +
               " <= " + b + " then 1 else 0 end end)";
    }
    if (part == "hour") {
        return "(" + again("day") + " * 24 + " + dp("hour", "timestamp") + ")";
    }
    if (part == "minute") {
        return "(" + again("hour") + " * 60 + " + dp("minute", "timestamp") + ")";
    }
    if (part == "second") {
        return "(" + again("minute") + " * 60 + " + floor_dp("second") + ")";
    }
    if (part == "millisecond") {
        return "(" + again("minute") + " * 60000 + " + floor_dp("millisecond") + ")";
    }
    if (part == "microsecond") {
        return "(" + again("minute") + " * 60000000 + " + floor_dp("microsecond") + ")";
    }
    c.in.fail("TP004", "Unsupported datepart for macro datediff in postgres: '" + c.s(2) + "'");
}

std::string datediff_trino(Call& c) {
    const std::string a = "CAST(" + c.s(0) + " AS TIMESTAMP)";
    const std::string b = "CAST(" + c.s(1) + " AS TIMESTAMP)";
    const std::string part = lower(c.s(2));
    auto again = [&](const char* p) { return c.sub("datediff", {c.a[0], c.a[1], Value(p)}); };
    auto diff = [&](const char* fn) { return std::string(fn) + "(" + b + ") - " + fn + "(" + a + ")"; };
    if (part == "year") {
        return "(" + diff("year") + ")";
    }
    if (part == "quarter") {
        return "(" + again("year") + " * 4) + " + diff("quarter");
    }
    if (part == "month") {
        return "(" + again("year") + " * 12) + " + diff("month");
    }
    if (part == "day") {
        return "((to_milliseconds((CAST(" + b + " AS DATE) - CAST(" + a + " AS DATE)))) / 86400000)";
    }
    if (part == "week") {
        return "(" + again("day") + " / 7 + case when dow(" + a + ") <= dow(" + b + ") then case when " + c.s(0) +
               " <= " + c.s(1) + " then 0 else -1 end else case when " + c.s(0) + " <= " + c.s(1) +
               " then 1 else 0 end end)";
    }
    if (part == "hour") {
        return "(" + again("day") + " * 24 + " + diff("hour") + ")";
    }
    if (part == "minute") {
        return "(" + again("hour") + " * 60 + " + diff("minute") + ")";
    }
    if (part == "second") {
        return "(" + again("minute") + " * 60 + " + diff("second") + ")";
    }
    if (part == "millisecond") {
        return "(to_milliseconds((" + b + " - " + a + ")))";
    }
    c.in.fail("TP004", "Unsupported datepart for macro datediff in Trino: '" + c.s(2) + "'");
}

std::string date_trunc_default(Call& c) {
    return "date_trunc('" + c.s(0) + "', " + c.s(1) + ")";
}
std::string date_trunc_bigquery(Call& c) {
    return "timestamp_trunc(cast(" + c.s(1) + " as timestamp), " + c.s(0) + ")";
}

std::string last_day_with(Call& c, const Value& part, const char* amount) {
    std::string start = c.sub("date_trunc", {c.a[1], c.a[0]});
    std::string next = c.sub("dateadd", {part, Value(amount), Value(start)});
    return "cast(" + c.sub("dateadd", {Value("day"), Value("-1"), Value(next)}) + " as date)";
}
std::string last_day_default(Call& c) {
    return last_day_with(c, c.a[1], "1");
}
// postgres and duckdb intervals have no quarter: a quarter is three months.
std::string last_day_postgres(Call& c) {
    if (lower(c.s(1)) == "quarter") {
        return last_day_with(c, Value("month"), "3");
    }
    return last_day_default(c);
}

// date(year, month, day): dbt formats the numbers as an ISO date (a Python date, so they must
// be integers).
std::string iso_date(Call& c) {
    std::int64_t y = number_arg(c, 0, "date");
    std::int64_t m = number_arg(c, 1, "date");
    std::int64_t d = number_arg(c, 2, "date");
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
        c.in.fail("TP004", "dbt.date(): not a valid date: " + std::to_string(y) + "-" + std::to_string(m) + "-" +
                               std::to_string(d));
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
    return buf;
}
std::string date_default(Call& c) {
    return "to_date('" + iso_date(c) + "', 'YYYY-MM-DD')";
}
std::string date_bigquery(Call& c) {
    return "date(" + c.s(0) + ", " + c.s(1) + ", " + c.s(2) + ")";
}
std::string date_spark(Call& c) {
    return "to_date('" + iso_date(c) + "', 'yyyy-MM-dd')";
}

std::string current_timestamp_default(Call&) {
    return "current_timestamp";
}
std::string now_fn(Call&) {
    return "now()";
}
std::string getdate_fn(Call&) {
    return "getdate()";
}
std::string current_timestamp_call(Call&) {
    return "current_timestamp()";
}
std::string current_timestamp_snowflake(Call&) {
    return "convert_timezone('UTC', current_timestamp())";
}
std::string backcompat_default(Call& c) {
    return "current_timestamp::" + type_timestamp(c);
}
std::string backcompat_bigquery(Call&) {
    return "current_timestamp";
}
std::string utc_backcompat_default(Call& c) {
    return c.sub("current_timestamp_backcompat", {});
}
std::string utc_backcompat_postgres(Call& c) {
    return "(current_timestamp at time zone 'utc')::" + type_timestamp(c);
}
std::string utc_backcompat_snowflake(Call& c) {
    return "convert_timezone('UTC', " + backcompat_default(c) + ")::" + type_timestamp(c);
}

// ---- casts

std::string cast_default(Call& c) {
    return "cast(" + c.s(0) + " as " + c.s(1) + ")";
}
std::string cast_snowflake(Call& c) {
    std::string t = upper(c.s(1));
    if (t == "GEOGRAPHY" || t == "GEOMETRY") {
        return "to_" + lower(t) + "(" + c.s(0) + ")";
    }
    return cast_default(c);
}
std::string safe_cast_snowflake(Call& c) {
    std::string t = upper(c.s(1));
    if (t == "GEOGRAPHY" || t == "GEOMETRY") {
        return "try_to_" + lower(t) + "(" + c.s(0) + ")";
    }
    if (t == "VARIANT") {
        return cast_snowflake(c);
    }
    std::string field = c.a[0].is_number() ? "'" + c.s(0) + "'" : c.s(0);
    return "try_cast(" + field + " as " + c.s(1) + ")";
}
std::string safe_cast_bigquery(Call& c) {
    std::string t = lower(c.s(1));
    std::string field = c.s(0);
    if ((t.rfind("struct", 0) == 0 || t == "geography") && c.a[0].is_string()) {
        auto strip = [](std::string s, char q) {
            while (!s.empty() && s.front() == q) {
                s.erase(0, 1);
            }
            while (!s.empty() && s.back() == q) {
                s.pop_back();
            }
            return s;
        };
        field = strip(strip(field, '"'), '\'');
    }
    return "safe_cast(" + field + " as " + c.s(1) + ")";
}
std::string cast_bool_to_text_default(Call& c) {
    return "cast(" + c.s(0) + " as " + type_string(c) + ")";
}
std::string cast_bool_to_text_redshift(Call& c) {
    return "case when " + c.s(0) + " is true then 'true' when " + c.s(0) + " is false then 'false' end::text";
}

} // namespace

const std::vector<Impl>& date_impls() {
    static const std::vector<Impl> k_impls = {
    {"dateadd", "default", dateadd_default},
    {"dateadd", "postgres", dateadd_postgres},
    {"dateadd", "redshift", dateadd_default},
    {"dateadd", "duckdb", dateadd_postgres},
    {"dateadd", "bigquery", dateadd_bigquery},
    {"dateadd", "trino", dateadd_trino},
    {"dateadd", "databricks", dateadd_databricks},
    {"datediff", "default", datediff_default},
    {"datediff", "postgres", datediff_postgres},
    {"datediff", "redshift", datediff_default},
    {"datediff", "duckdb", datediff_postgres},
    {"datediff", "bigquery", datediff_bigquery},
    {"datediff", "trino", datediff_trino},
    {"datediff", "databricks", datediff_databricks},
    {"date_trunc", "default", date_trunc_default},
    {"date_trunc", "bigquery", date_trunc_bigquery},
    {"last_day", "default", last_day_default},
    {"last_day", "postgres", last_day_postgres},
    {"last_day", "redshift", last_day_default},
    {"last_day", "duckdb", last_day_postgres},
    {"cast", "default", cast_default},
    {"cast", "snowflake", cast_snowflake},
    {"safe_cast", "default", cast_default},
    {"safe_cast", "snowflake", safe_cast_snowflake},
    {"safe_cast", "bigquery", safe_cast_bigquery},
    {"cast_bool_to_text", "default", cast_bool_to_text_default},
    {"cast_bool_to_text", "redshift", cast_bool_to_text_redshift},
    {"type_string", "default", type_string},
    {"type_timestamp", "default", type_timestamp},
    {"type_int", "default", type_int},
    {"type_bigint", "default", type_bigint},
    {"type_float", "default", type_float},
    {"type_numeric", "default", type_numeric},
    {"type_boolean", "default", type_boolean},
    {"date", "default", date_default},
    {"date", "bigquery", date_bigquery},
    {"date", "spark", date_spark},
    {"current_timestamp", "default", current_timestamp_default},
    {"current_timestamp", "postgres", now_fn},
    {"current_timestamp", "duckdb", now_fn},
    {"current_timestamp", "redshift", getdate_fn},
    {"current_timestamp", "snowflake", current_timestamp_snowflake},
    {"current_timestamp", "bigquery", current_timestamp_call},
    {"current_timestamp", "spark", current_timestamp_call},
    {"current_timestamp_backcompat", "default", backcompat_default},
    {"current_timestamp_backcompat", "bigquery", backcompat_bigquery},
    {"current_timestamp_backcompat", "redshift", getdate_fn},
    {"current_timestamp_in_utc_backcompat", "default", utc_backcompat_default},
    {"current_timestamp_in_utc_backcompat", "postgres", utc_backcompat_postgres},
    {"current_timestamp_in_utc_backcompat", "snowflake", utc_backcompat_snowflake},
    {"current_timestamp_in_utc_backcompat", "redshift", getdate_fn},
    };
    return k_impls;
}

} // namespace dpipe::tmpl::cross_db
