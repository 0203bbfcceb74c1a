#pragma once
// Parses template text into a Template tree (Jinja syntax as dbt uses it, plus the dbt
// blocks `test`, `snapshot`, `docs` and `materialization`).

#include "core/diagnostic.hpp"
#include "template/ast.hpp"
#include "util/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace dpipe::tmpl {

struct ParseLimits {
    int max_depth = 256; // nesting of blocks plus expressions
};

// Syntax errors come back as one located Diagnostic (code TP001) naming what was expected.
util::Result<std::shared_ptr<const Template>, core::Diagnostic>
parse_template(std::string_view text, std::string file, const ParseLimits& limits = {});

} // namespace dpipe::tmpl
