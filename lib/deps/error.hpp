#pragma once
// The one error type of lib/deps: a diagnostic (located when it comes from a file) and the exit
// code it ends the command with: Usage (2) for bad input, Unavailable (3) when a download or a
// git fetch fails.

#include "core/diagnostic.hpp"
#include "core/error.hpp"

#include <string>

namespace dpipe::deps {

struct DepsError {
    core::ExitCode code = core::ExitCode::Usage;
    core::Diagnostic diagnostic;
};

inline DepsError input_error(core::Diagnostic d) {
    return DepsError{core::ExitCode::Usage, std::move(d)};
}

inline DepsError input_error(std::string code, core::SourceLoc loc, std::string message) {
    core::Diagnostic d;
    d.code = std::move(code);
    d.loc = std::move(loc);
    d.message = std::move(message);
    return DepsError{core::ExitCode::Usage, std::move(d)};
}

inline DepsError unavailable(std::string code, std::string message) {
    core::Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    return DepsError{core::ExitCode::Unavailable, std::move(d)};
}

} // namespace dpipe::deps
