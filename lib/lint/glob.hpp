#pragma once
// Path globs of the lint configuration (include/exclude), in util::glob_match's path syntax (`*`
// and `?` stay inside one path segment, a whole-segment `**` spans segments). A pattern also
// matches every file below what it matches ("models/legacy" matches "models/legacy/a.sql").

#include <string_view>

namespace dpipe::lint {

bool glob_match(std::string_view pattern, std::string_view path);

} // namespace dpipe::lint
