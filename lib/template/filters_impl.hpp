#pragma once
// Internal: helpers shared by the filter implementations.

#include "template/interp.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace dpipe::tmpl::filters {

// Filters over sequences (filters_seq.cpp). Returns nullopt when `name` is not one of them.
std::optional<Value> sequence_filter(Interp& in, std::string_view name, Value& v, CallArgs& args);

// Jinja's attribute lookup for filters: "a.b" and "0" path segments.
Value attribute_path(Interp& in, const Value& item, const Value& path);

// Python str.lower for ASCII.
std::string lower(std::string_view s);

// Sort key comparison used by sort/unique/min/max/dictsort (strings compared lower-cased
// unless case_sensitive).
bool key_less(Interp& in, const Value& a, const Value& b, bool case_sensitive);
bool key_equal(const Value& a, const Value& b, bool case_sensitive);

} // namespace dpipe::tmpl::filters
