#include "report/diagnostics.hpp"

#include "util/redact.hpp"
#include "util/strings.hpp"

namespace dpipe::report {

namespace {
const char* color_of(core::Severity s) {
    switch (s) {
    case core::Severity::Error: return "\033[1;31m";
    case core::Severity::Warning: return "\033[1;35m";
    case core::Severity::Info: return "\033[1;36m";
    }
    return "";
}
} // namespace

std::string render_diagnostic(const core::Diagnostic& d, const core::SourceRegistry* sources,
                              const TextStyle& style) {
    std::string out;
    if (style.color) {
        if (d.loc.valid()) {
            out += "\033[1m" + d.loc.str() + ":\033[0m ";
        }
        out += color_of(d.severity);
        out += core::severity_name(d.severity);
        out += ":\033[0m ";
        out += d.message;
        if (!d.code.empty()) {
            out += " [" + d.code + "]";
        }
    } else {
        out += d.headline();
    }
    out += '\n';
    if (sources && d.loc.valid() && d.loc.line > 0) {
        std::string_view text = sources->get(d.loc.file);
        std::string_view line = util::line_at(text, d.loc.line);
        if (!line.empty() && line.size() <= 400) {
            out += "  ";
            out += line;
            out += '\n';
            if (d.loc.col > 0) {
                out += "  ";
                // Keep tabs so the caret lines up under the same column.
                for (int i = 0; i < d.loc.col - 1 && i < static_cast<int>(line.size()); ++i) {
                    out += line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
                }
                out += style.color ? "\033[1;32m^\033[0m" : "^";
                out += '\n';
            }
        }
    }
    for (const auto& n : d.notes) {
        out += "  note: " + n + '\n';
    }
    // A message or a quoted source line may hold a secret (a resolved env_var, a DSN).
    return util::redact(out);
}

std::string render_diagnostics(const std::vector<core::Diagnostic>& diags,
                               const core::SourceRegistry* sources, const TextStyle& style) {
    std::string out;
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const auto& d : diags) {
        out += render_diagnostic(d, sources, style);
        errors += d.severity == core::Severity::Error;
        warnings += d.severity == core::Severity::Warning;
    }
    if (errors + warnings > 0) {
        auto plural = [](std::size_t n, const char* word) {
            return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
        };
        std::vector<std::string> parts;
        if (errors > 0) {
            parts.push_back(plural(errors, "error"));
        }
        if (warnings > 0) {
            parts.push_back(plural(warnings, "warning"));
        }
        out += util::join(parts, ", ") + '\n';
    }
    return out;
}

} // namespace dpipe::report
