#include "core/diagnostic.hpp"
#include "core/error.hpp"
#include "core/source_loc.hpp"

#include <algorithm>
#include <tuple>

namespace dpipe::core {

std::string SourceLoc::str() const {
    std::string out = file;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (col > 0) {
            out += ':' + std::to_string(col);
        }
    }
    return out;
}

const char* severity_name(Severity s) {
    switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "error";
}

std::string Diagnostic::headline() const {
    std::string out;
    if (loc.valid()) {
        out += loc.str() + ": ";
    }
    out += severity_name(severity);
    out += ": ";
    out += message;
    if (!code.empty()) {
        out += " [" + code + "]";
    }
    return out;
}

void DiagnosticSink::error(std::string code, SourceLoc loc, std::string message) {
    report({Severity::Error, std::move(code), std::move(loc), std::move(message), {}});
}
void DiagnosticSink::warning(std::string code, SourceLoc loc, std::string message) {
    report({Severity::Warning, std::move(code), std::move(loc), std::move(message), {}});
}
void DiagnosticSink::info(std::string code, SourceLoc loc, std::string message) {
    report({Severity::Info, std::move(code), std::move(loc), std::move(message), {}});
}

void CollectingSink::report(Diagnostic d) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_items.push_back(std::move(d));
}

std::vector<Diagnostic> CollectingSink::take() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return std::move(m_items);
}

std::size_t CollectingSink::error_count() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(), [](const auto& d) {
        return d.severity == Severity::Error;
    }));
}

void sort_diagnostics(std::vector<Diagnostic>& diags) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.loc.file, a.loc.line, a.loc.col, a.code) <
               std::tie(b.loc.file, b.loc.line, b.loc.col, b.code);
    });
}

Error::Error(ExitCode code, std::string message, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(std::move(message)), m_code(code), m_diagnostics(std::move(diagnostics)) {}

Error Error::input(std::string code, SourceLoc loc, std::string message) {
    Diagnostic d{Severity::Error, std::move(code), std::move(loc), message, {}};
    return Error(ExitCode::Usage, std::move(message), {std::move(d)});
}

} // namespace dpipe::core
