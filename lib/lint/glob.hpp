#pragma once
// Path globs of the lint configuration (include/exclude): `*` and `?` stay inside one path
// segment, `**` spans segments. A pattern without wildcards also matches every file below it
// ("models/legacy" matches "models/legacy/a.sql").

#include <string_view>

namespace dpipe::lint {

bool glob_match(std::string_view pattern, std::string_view path);

} // namespace dpipe::lint
