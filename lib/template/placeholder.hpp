#pragma once
// What a call to a macro that cannot be found yields (a package that is not installed, a macro
// a package does not have, a dbt macro dpipe does not render): a placeholder value behaving
// like dbt's parse-time values, so the template around it still renders.
//
//   - calling it, `x.attr` and `x[key]` give the placeholder itself;
//   - it iterates as empty, is falsy and equals nothing but itself;
//   - `{{ x }}` prints the marker identifier `__dpipe_unavailable__<package>__<macro>`, valid
//     SQL wherever an expression or a column name may stand, which column lineage reads as
//     "unresolved: macro <package>.<macro> unavailable".
//
// Every placeholder that is called is recorded on the Interp (note_unavailable) and reported
// once per call site as info TP100.

#include "template/value.hpp"

#include <string>
#include <string_view>

namespace dpipe::tmpl {

inline constexpr std::string_view k_unavailable_prefix = "__dpipe_unavailable__";

// "__dpipe_unavailable__dbt_utils__star" for ("dbt_utils", "star").
std::string unavailable_marker(std::string_view package, std::string_view macro);

// A placeholder for `package.macro`. `reason` completes the TP100 message "macro 'p.m' is not
// available (<reason>); rendered as a placeholder". `reported`: TP100 was already reported
// for this call, so calling the placeholder only records it.
Value make_unavailable(std::string package, std::string macro, std::string reason, bool reported = false);

} // namespace dpipe::tmpl
