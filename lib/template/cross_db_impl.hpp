#pragma once
// Internal: dbt's cross-database macros (dbt.dateadd, dbt.type_string, ...) as tables of
// per-adapter implementations. dbt_cross_db.cpp binds the arguments and picks the row for the
// adapter's dispatch chain; the cross_db_*.cpp files hold the rows, grouped by subject.

#include "template/interp.hpp"
#include "template/value.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::tmpl::cross_db {

// One call: the arguments bound to the macro's parameters (absent ones undefined, printing as
// "" like Jinja), the adapter type, and the interpreter for errors and nested calls.
struct Call {
    Interp& in;
    std::string type;
    std::vector<std::string> names; // parameter names
    std::vector<Value> a;           // bound arguments, by parameter

    // str() of argument i ("" when absent).
    std::string s(std::size_t i) const;
    // The SQL of another cross-database macro for the same adapter (dbt's nested dbt.x calls).
    std::string sub(std::string_view macro, std::vector<Value> args);
};

using ImplFn = std::string (*)(Call&);

struct Impl {
    const char* macro;
    const char* adapter; // an adapter type, or "default"
    ImplFn fn;
};

// A macro's parameters in order; "name=default" gives a default: none, [] (empty list),
// @int (the adapter's integer type) or a literal string.
struct Signature {
    const char* name;
    const char* params[4];
};

const std::vector<Impl>& date_impls();   // cross_db_dates.cpp
const std::vector<Impl>& text_impls();   // cross_db_text.cpp
const std::vector<Impl>& series_impls(); // cross_db_series.cpp

// The dispatch search order for an adapter: itself, its parent adapter, then "default".
std::vector<std::string> dispatch_chain(std::string_view type);

// True when dbt ships a cross-database macro of this name.
bool known(std::string_view name);

// The SQL (a string; numbers for get_powers_of_two and get_intervals_between) that dbt's
// `name` renders for adapter `type`. Unsupported arguments fail the render like dbt does.
// Undefined when `name` is not known.
Value render(Interp& in, std::string_view type, std::string_view name, CallArgs& args);

// Shared helpers.
std::string lower(std::string_view s);
std::string upper(std::string_view s);
std::string replace_all(std::string s, std::string_view from, std::string_view to);
// Argument i as an integer; fails like dbt's comparisons do when it is not a number.
std::int64_t number_arg(Call& c, std::size_t i, std::string_view macro);
// The items of a list argument, str() of each joined by `sep`.
std::string join_items(Call& c, const Value& v, std::string_view sep);
// api.Column.translate_type("string") and ("integer") for the adapter.
std::string type_string(Call& c);
std::string type_int(Call& c);

} // namespace dpipe::tmpl::cross_db
