#pragma once
// Typing of YAML scalars: plain scalars follow the YAML 1.2 core schema (null, booleans,
// integers in decimal/octal/hex, floats, .inf/.nan); quoted and block scalars are strings;
// explicit standard tags (!!str, !!int, ...) are honoured.

#include "core/project.hpp"

#include <string>

namespace dpipe::load {

// `tag` as reported by yaml-cpp: "?" for plain scalars, "!" for quoted ones, else the tag.
core::Json resolve_scalar(const std::string& tag, const std::string& value);

} // namespace dpipe::load
