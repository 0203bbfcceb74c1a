// dbt's cross-database macros: strings, aggregates, arrays and set operators.

#include "template/cross_db_impl.hpp"

namespace dpipe::tmpl::cross_db {

namespace {

// ---- strings

std::string concat_default(Call& c) {
    return join_items(c, c.a[0], " || ");
}
std::string concat_spark(Call& c) {
    return "concat(" + join_items(c, c.a[0], ", ") + ")";
}
std::string hash_default(Call& c) {
    return "md5(cast(" + c.s(0) + " as " + type_string(c) + "))";
}
std::string hash_bigquery(Call& c) {
    return "to_hex(" + hash_default(c) + ")";
}
std::string hash_trino(Call& c) {
    return "lower(to_hex(md5(to_utf8(cast(" + c.s(0) + " as varchar)))))";
}
std::string split_part_default(Call& c) {
    return "split_part(" + c.s(0) + ", " + c.s(1) + ", " + c.s(2) + ")";
}
// The position of a negative part counted from the end: one more than the delimiters present.
std::string from_end(Call& c, int plus) {
    return "length(" + c.s(0) + ") - length(replace(" + c.s(0) + ", " + c.s(1) + ", '')) + " + std::to_string(plus) +
           " + " + c.s(2);
}
std::string split_part_postgres(Call& c) {
    if (number_arg(c, 2, "split_part") >= 0) {
        return split_part_default(c);
    }
    return "split_part(" + c.s(0) + ", " + c.s(1) + ", " + from_end(c, 2) + ")";
}
std::string split_part_bigquery(Call& c) {
    std::int64_t n = number_arg(c, 2, "split_part");
    std::string index = n >= 0 ? std::to_string(n - 1) : from_end(c, 1);
    return "split(" + c.s(0) + ", " + c.s(1) + ")[safe_offset(" + index + ")]";
}
std::string split_part_duckdb(Call& c) {
    if (number_arg(c, 2, "split_part") >= 0) {
        return "coalesce(string_split(" + c.s(0) + ", " + c.s(1) + ")[" + c.s(2) + "], '')";
    }
    return split_part_postgres(c);
}
std::string string_literal_default(Call& c) {
    return "'" + c.s(0) + "'";
}
std::string string_literal_bigquery(Call& c) {
    return "'''" + c.s(0) + "'''";
}
std::string escape_quotes_default(Call& c) {
    return replace_all(c.s(0), "'", "''");
}
std::string escape_quotes_backslash(Call& c) {
    return replace_all(c.s(0), "'", "\\'");
}
std::string position_default(Call& c) {
    return "position(" + c.s(0) + " in " + c.s(1) + ")";
}
std::string position_bigquery(Call& c) {
    return "strpos(" + c.s(1) + ", " + c.s(0) + ")";
}
std::string replace_default(Call& c) {
    return "replace(" + c.s(0) + ", " + c.s(1) + ", " + c.s(2) + ")";
}
std::string right_default(Call& c) {
    return "right(" + c.s(0) + ", " + c.s(1) + ")";
}
std::string right_substr(Call& c) {
    return "case when " + c.s(1) + " = 0 then '' else substr(" + c.s(0) + ", -1 * (" + c.s(1) + ")) end";
}
std::string right_snowflake(Call& c) {
    return "case when " + c.s(1) + " = 0 then '' else " + right_default(c) + " end";
}
std::string length_default(Call& c) {
    return "length(" + c.s(0) + ")";
}
std::string length_redshift(Call& c) {
    return "len(" + c.s(0) + ")";
}

// ---- aggregates

std::string fn1(const char* fn, Call& c) {
    return std::string(fn) + "(" + c.s(0) + ")";
}
std::string any_value_default(Call& c) {
    return fn1("any_value", c);
}
std::string any_value_postgres(Call& c) {
    return fn1("min", c);
}
std::string any_value_duckdb(Call& c) {
    return fn1("arbitrary", c);
}
std::string any_value_spark(Call& c) {
    return fn1("first", c);
}
std::string bool_or_default(Call& c) {
    return fn1("bool_or", c);
}
std::string bool_or_bigquery(Call& c) {
    return fn1("logical_or", c);
}
std::string bool_or_snowflake(Call& c) {
    return fn1("boolor_agg", c);
}
std::string bool_or_spark(Call& c) {
    return fn1("max", c);
}

// listagg(measure, delimiter_text, order_by_clause, limit_num)
std::string order_suffix(Call& c) {
    return c.a[2].truthy() ? " " + c.s(2) : std::string();
}
std::string within_group(Call& c) {
    return c.a[2].truthy() ? " within group (" + c.s(2) + ")" : std::string();
}
std::string listagg_default(Call& c) {
    if (c.a[3].truthy()) {
        return "array_to_string(array_slice(array_agg(" + c.s(0) + ")" + within_group(c) + ", 0, " + c.s(3) + "), " +
               c.s(1) + ")";
    }
    return "listagg(" + c.s(0) + ", " + c.s(1) + ")" + within_group(c);
}
std::string listagg_postgres(Call& c) {
    if (c.a[3].truthy()) {
        return "array_to_string((array_agg(" + c.s(0) + order_suffix(c) + "))[1:" + c.s(3) + "], " + c.s(1) + ")";
    }
    return "string_agg(" + c.s(0) + ", " + c.s(1) + order_suffix(c) + ")";
}
std::string listagg_duckdb(Call& c) {
    if (c.a[3].truthy()) {
        return "list_aggr((array_agg(" + c.s(0) + order_suffix(c) + "))[1:" + c.s(3) + "], 'string_agg', " + c.s(1) +
               ")";
    }
    return listagg_postgres(c);
}
std::string listagg_bigquery(Call& c) {
    std::string limit = c.a[3].truthy() ? " limit " + c.s(3) : std::string();
    return "string_agg(" + c.s(0) + ", " + c.s(1) + order_suffix(c) + limit + ")";
}
// Redshift has no limit on listagg: the first limit_num items are cut out with a regex.
std::string listagg_redshift(Call& c) {
    std::string plain = "listagg(" + c.s(0) + ", " + c.s(1) + ")" + within_group(c);
    if (!c.a[3].truthy()) {
        return plain;
    }
    std::string delim = c.s(1);
    while (!delim.empty() && delim.front() == '\'') {
        delim.erase(0, 1);
    }
    while (!delim.empty() && delim.back() == '\'') {
        delim.pop_back();
    }
    std::string escaped;
    for (char ch : delim) {
        if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) {
            escaped += "\\\\";
        }
        escaped += ch;
    }
    std::int64_t n = number_arg(c, 3, "listagg");
    std::string regex = "'([^" + escaped + "]+" + escaped + "){1," + std::to_string(n - 1) + "}[^" + escaped + "]+'";
    return "regexp_substr(" + plain + ", " + regex + ")";
}

// ---- arrays and set operators

std::string array_construct_default(Call& c) {
    std::string items = join_items(c, c.a[0], " , ");
    return items.empty() ? "array[]::" + c.s(1) + "[]" : "array[" + items + "]";
}
std::string array_construct_bigquery(Call& c) {
    std::string items = join_items(c, c.a[0], " , ");
    return items.empty() ? "ARRAY<" + c.s(1) + ">[]" : "[" + items + "]";
}
std::string array_construct_snowflake(Call& c) {
    return "array_construct(" + join_items(c, c.a[0], " , ") + ")";
}
std::string array_construct_fn(Call& c) {
    return "array(" + join_items(c, c.a[0], " , ") + ")";
}
std::string array_append_default(Call& c) {
    return "array_append(" + c.s(0) + ", " + c.s(1) + ")";
}
std::string array_append_by_concat(Call& c) {
    std::string one = c.sub("array_construct", {Value::list({c.a[1]})});
    return c.sub("array_concat", {c.a[0], Value(one)});
}
std::string array_concat_default(Call& c) {
    return "array_cat(" + c.s(0) + ", " + c.s(1) + ")";
}
std::string array_concat_fn(Call& c) {
    return "array_concat(" + c.s(0) + ", " + c.s(1) + ")";
}
std::string array_concat_spark(Call& c) {
    return "concat(" + c.s(0) + ", " + c.s(1) + ")";
}
// dbt's default, with the behaviour flag enable_truthy_nulls_equals_macro off (its default).
std::string equals_default(Call& c) {
    return "(" + c.s(0) + " = " + c.s(1) + ")";
}
std::string except_default(Call&) {
    return "except";
}
std::string except_bigquery(Call&) {
    return "except distinct";
}
std::string intersect_default(Call&) {
    return "intersect";
}
std::string intersect_bigquery(Call&) {
    return "intersect distinct";
}

} // namespace

const std::vector<Impl>& text_impls() {
    static const std::vector<Impl> k_impls = {
    {"concat", "default", concat_default},
    {"concat", "spark", concat_spark},
    {"hash", "default", hash_default},
    {"hash", "bigquery", hash_bigquery},
    {"hash", "trino", hash_trino},
    {"split_part", "default", split_part_default},
    {"split_part", "postgres", split_part_postgres},
    {"split_part", "bigquery", split_part_bigquery},
    {"split_part", "duckdb", split_part_duckdb},
    {"listagg", "default", listagg_default},
    {"listagg", "postgres", listagg_postgres},
    {"listagg", "redshift", listagg_redshift},
    {"listagg", "duckdb", listagg_duckdb},
    {"listagg", "bigquery", listagg_bigquery},
    {"string_literal", "default", string_literal_default},
    {"string_literal", "bigquery", string_literal_bigquery},
    {"escape_single_quotes", "default", escape_quotes_default},
    {"escape_single_quotes", "snowflake", escape_quotes_backslash},
    {"escape_single_quotes", "bigquery", escape_quotes_backslash},
    {"escape_single_quotes", "spark", escape_quotes_backslash},
    {"any_value", "default", any_value_default},
    {"any_value", "postgres", any_value_postgres},
    {"any_value", "duckdb", any_value_duckdb},
    {"any_value", "spark", any_value_spark},
    {"bool_or", "default", bool_or_default},
    {"bool_or", "bigquery", bool_or_bigquery},
    {"bool_or", "snowflake", bool_or_snowflake},
    {"bool_or", "spark", bool_or_spark},
    {"position", "default", position_default},
    {"position", "bigquery", position_bigquery},
    {"replace", "default", replace_default},
    {"right", "default", right_default},
    {"right", "bigquery", right_substr},
    {"right", "trino", right_substr},
    {"right", "snowflake", right_snowflake},
    {"length", "default", length_default},
    {"length", "redshift", length_redshift},
    {"array_construct", "default", array_construct_default},
    {"array_construct", "bigquery", array_construct_bigquery},
    {"array_construct", "snowflake", array_construct_snowflake},
    {"array_construct", "redshift", array_construct_fn},
    {"array_construct", "spark", array_construct_fn},
    {"array_append", "default", array_append_default},
    {"array_append", "bigquery", array_append_by_concat},
    {"array_append", "redshift", array_append_by_concat},
    {"array_append", "spark", array_append_by_concat},
    {"array_concat", "default", array_concat_default},
    {"array_concat", "bigquery", array_concat_fn},
    {"array_concat", "redshift", array_concat_fn},
    {"array_concat", "spark", array_concat_spark},
    {"equals", "default", equals_default},
    {"except", "default", except_default},
    {"except", "bigquery", except_bigquery},
    {"intersect", "default", intersect_default},
    {"intersect", "bigquery", intersect_bigquery},
    };
    return k_impls;
}

} // namespace dpipe::tmpl::cross_db
