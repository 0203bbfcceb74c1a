#pragma once
// Findings and errors as data. Library code reports Diagnostics to a sink and never prints;
// lib/report decides how they are shown.

#include "core/source_loc.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace dpipe::core {

enum class Severity { Info, Warning, Error };

const char* severity_name(Severity s);

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code; // e.g. "LD001"; may be empty
    SourceLoc loc;
    std::string message;
    std::vector<std::string> notes; // extra lines shown after the source excerpt

    // "file:line:col: error: message [CODE]" without the source excerpt.
    std::string headline() const;
};

// Receives diagnostics. Implementations must be safe to call from several threads.
class DiagnosticSink {
public:
    virtual ~DiagnosticSink() = default;
    virtual void report(Diagnostic d) = 0;

    void error(std::string code, SourceLoc loc, std::string message);
    void warning(std::string code, SourceLoc loc, std::string message);
    void info(std::string code, SourceLoc loc, std::string message);
};

// Keeps every diagnostic in memory, in report order.
class CollectingSink : public DiagnosticSink {
public:
    void report(Diagnostic d) override;
    std::vector<Diagnostic> take();
    const std::vector<Diagnostic>& items() const { return m_items; }
    std::size_t error_count() const;
    bool has_errors() const { return error_count() > 0; }

private:
    mutable std::mutex m_mutex;
    std::vector<Diagnostic> m_items;
};

// Sorts diagnostics by file, line, column, then code, for stable output.
void sort_diagnostics(std::vector<Diagnostic>& diags);

} // namespace dpipe::core
