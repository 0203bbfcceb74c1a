// dbt's cross-database macros (dbt.dateadd, dbt.datediff, dbt.type_string, ...), written from
// what dbt's adapters document each one to return: the signatures, argument binding, and the
// dispatch over the per-adapter rows of the cross_db_*.cpp files (an adapter's own row, then its
// parent's, then dbt's default__, as adapter.dispatch searches). Whitespace is one line; the
// tokens are dbt's.

#include "template/cross_db_impl.hpp"

#include <cctype>

namespace dpipe::tmpl::cross_db {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    std::size_t at = 0;
    while ((at = s.find(from, at)) != std::string::npos) {
        s.replace(at, from.size(), to);
        at += to.size();
    }
    return s;
}

// part_number and limit_num are compared with numbers inside dbt's macros.
std::int64_t number_arg(Call& c, std::size_t i, std::string_view macro) {
    const Value& v = c.a[i];
    if (!v.is_int() && !v.is_bool()) {
        c.in.fail("TP002", "dbt." + std::string(macro) + "(): '" + c.names[i] + "' must be an integer, got " +
                               v.type_name());
    }
    return v.as_int();
}

std::string join_items(Call& c, const Value& v, std::string_view sep) {
    std::string out;
    bool first = true;
    for (const auto& item : c.in.iterate(v)) {
        out += first ? "" : sep;
        out += item.str();
        first = false;
    }
    return out;
}

namespace {

const Signature k_signatures[] = {
    {"dateadd", {"datepart", "interval", "from_date_or_timestamp"}},
    {"datediff", {"first_date", "second_date", "datepart"}},
    {"date_trunc", {"datepart", "date"}},
    {"last_day", {"date", "datepart"}},
    {"cast", {"field", "type"}},
    {"safe_cast", {"field", "type"}},
    {"cast_bool_to_text", {"field"}},
    {"type_string", {}},
    {"type_timestamp", {}},
    {"type_int", {}},
    {"type_bigint", {}},
    {"type_float", {}},
    {"type_numeric", {}},
    {"type_boolean", {}},
    {"concat", {"fields"}},
    {"hash", {"field"}},
    {"split_part", {"string_text", "delimiter_text", "part_number"}},
    {"listagg", {"measure", "delimiter_text=','", "order_by_clause=none", "limit_num=none"}},
    {"string_literal", {"value"}},
    {"escape_single_quotes", {"expression"}},
    {"any_value", {"expression"}},
    {"bool_or", {"expression"}},
    {"position", {"substring_text", "string_text"}},
    {"replace", {"field", "old_chars", "new_chars"}},
    {"right", {"string_text", "length_expression"}},
    {"length", {"expression"}},
    {"current_timestamp", {}},
    {"current_timestamp_backcompat", {}},
    {"current_timestamp_in_utc_backcompat", {}},
    {"array_construct", {"inputs=[]", "data_type=@int"}},
    {"array_append", {"array", "new_element"}},
    {"array_concat", {"array_1", "array_2"}},
    {"except", {}},
    {"intersect", {}},
    {"get_powers_of_two", {"upper_bound"}},
    {"generate_series", {"upper_bound"}},
    {"get_intervals_between", {"start_date", "end_date", "datepart"}},
    {"date_spine", {"datepart", "start_date", "end_date"}},
    {"date", {"year", "month", "day"}},
    {"equals", {"expr1", "expr2"}},
};


const Signature* find_signature(std::string_view name) {
    for (const auto& s : k_signatures) {
        if (name == s.name) {
            return &s;
        }
    }
    return nullptr;
}

const Impl* find_impl(std::string_view name, std::string_view adapter) {
    for (const auto* table : {&date_impls(), &text_impls(), &series_impls()}) {
        for (const auto& i : *table) {
            if (name == i.macro && adapter == i.adapter) {
                return &i;
            }
        }
    }
    return nullptr;
}

Value default_value(Call& c, std::string_view spec) {
    if (spec == "none") {
        return Value::none();
    }
    if (spec == "[]") {
        return Value::list();
    }
    if (spec == "@int") {
        return Value(type_int(c));
    }
    return Value(spec);
}

} // namespace

std::vector<std::string> dispatch_chain(std::string_view type) {
    std::vector<std::string> out{std::string(type)};
    if (type == "redshift") {
        out.emplace_back("postgres");
    } else if (type == "databricks") {
        out.emplace_back("spark");
    }
    if (type != "default") {
        out.emplace_back("default");
    }
    return out;
}

bool known(std::string_view name) {
    return find_signature(name) != nullptr;
}

std::string Call::s(std::size_t i) const {
    return i < a.size() ? a[i].str() : std::string();
}

std::string Call::sub(std::string_view macro, std::vector<Value> args) {
    CallArgs ca;
    ca.pos = std::move(args);
    return render(in, type, macro, ca).str();
}

Value render(Interp& in, std::string_view type, std::string_view name, CallArgs& args) {
    const Signature* sig = find_signature(name);
    if (sig == nullptr) {
        return Value::undefined(std::string(name));
    }
    Call c{in, std::string(type), {}, {}};
    for (const char* p : sig->params) {
        if (p == nullptr) {
            break;
        }
        std::string_view param(p);
        std::size_t eq = param.find('=');
        c.names.emplace_back(param.substr(0, eq));
        c.a.push_back(eq == std::string_view::npos ? Value::undefined(c.names.back())
                                                   : default_value(c, param.substr(eq + 1)));
    }
    if (args.pos.size() > c.a.size()) {
        in.fail("TP002", "dbt." + std::string(name) + "() takes " + std::to_string(c.a.size()) +
                             " arguments, got " + std::to_string(args.pos.size()));
    }
    for (std::size_t i = 0; i < args.pos.size(); ++i) {
        c.a[i] = args.pos[i];
    }
    for (const auto& [k, v] : args.kw) {
        std::size_t i = 0;
        while (i < c.names.size() && c.names[i] != k) {
            ++i;
        }
        if (i == c.names.size()) {
            in.fail("TP002", "dbt." + std::string(name) + "() got an unexpected keyword argument '" + k + "'");
        }
        c.a[i] = v;
    }
    for (const auto& adapter : dispatch_chain(type)) {
        if (const Impl* impl = find_impl(name, adapter)) {
            std::string sql = impl->fn(c);
            in.charge(sql.size());
            // get_powers_of_two and get_intervals_between return numbers, like dbt's.
            if (name == "get_powers_of_two" || name == "get_intervals_between") {
                return Value(static_cast<std::int64_t>(std::stoll(sql)));
            }
            return Value(std::move(sql));
        }
    }
    return Value::undefined(std::string(name));
}

} // namespace dpipe::tmpl::cross_db
