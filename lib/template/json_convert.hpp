#pragma once
// Conversions between template values and JSON (core::Json) for var(), fromjson/tojson and
// the differential-test context.

#include "core/project.hpp"
#include "template/value.hpp"

namespace dpipe::tmpl {

// JSON -> Value: objects become dicts (key order kept), arrays lists, null None.
Value from_json(const core::Json& j);

// Value -> JSON for values that have a JSON form; nullopt-like failure is reported by
// returning false (objects, undefined).
bool to_json_value(const Value& v, core::Json& out);

} // namespace dpipe::tmpl
