#pragma once
// GCC-style rendering of diagnostics: the headline, the source line and a caret.

#include "core/diagnostic.hpp"
#include "core/source_registry.hpp"

#include <string>
#include <vector>

namespace dpipe::report {

struct TextStyle {
    bool color = false;
};

// One diagnostic as text, ending in a newline. When the file's text is in `sources` and the
// location has a line, the line and a caret under the column follow the headline.
std::string render_diagnostic(const core::Diagnostic& d, const core::SourceRegistry* sources,
                              const TextStyle& style);

// All diagnostics, then a summary line such as "2 errors, 1 warning" when there are any.
std::string render_diagnostics(const std::vector<core::Diagnostic>& diags,
                               const core::SourceRegistry* sources, const TextStyle& style);

} // namespace dpipe::report
