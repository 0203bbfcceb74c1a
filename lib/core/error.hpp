#pragma once
// The one error type that unwinds to the command layer, carrying its exit code.
// Use it for failures that end the command; findings are Diagnostics instead.

#include "core/diagnostic.hpp"

#include "core/source_registry.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

namespace dpipe::core {

// Process exit codes (DESIGN.md section 3).
enum class ExitCode : int {
    Ok = 0,
    Findings = 1,    // lint findings, failed tests, refused gate
    Usage = 2,       // usage, config or input error
    Unavailable = 3, // Docker, git, network or a database the command needs is unavailable
    Interrupted = 130,
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string message, std::vector<Diagnostic> diagnostics = {});
    // An input error located in a file: exit 2 with one diagnostic.
    static Error input(std::string code, SourceLoc loc, std::string message);

    ExitCode exit_code() const { return m_code; }
    const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }
    std::vector<std::string> hints;

    // The texts of the files the diagnostics point into, for source excerpts (may be null).
    const std::shared_ptr<const SourceRegistry>& sources() const { return m_sources; }
    Error& with_sources(std::shared_ptr<const SourceRegistry> s) {
        m_sources = std::move(s);
        return *this;
    }

private:
    ExitCode m_code;
    std::vector<Diagnostic> m_diagnostics;
    std::shared_ptr<const SourceRegistry> m_sources;
};

} // namespace dpipe::core
