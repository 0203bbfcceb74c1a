#pragma once
// Typing of YAML scalars: plain scalars follow the YAML 1.2 core schema (null, booleans,
// integers in decimal/octal/hex, floats, .inf/.nan); quoted and block scalars are strings;
// explicit standard tags (!!str, !!int, ...) are honoured.

#include "core/project.hpp"

#include <string_view>

namespace dpipe::load {

// `tag`: "?" for untagged plain scalars, "!" for untagged quoted or block ones, else the
// resolved tag ("tag:yaml.org,2002:int").
core::Json resolve_scalar(std::string_view tag, std::string_view value);

} // namespace dpipe::load
