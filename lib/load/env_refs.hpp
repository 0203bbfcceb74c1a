#pragma once
// `${env:NAME}` references in configuration strings. The loader checks the syntax of every
// string in dpipe.yaml and resolves the environments' settings into Environment::extra_resolved
// (unset variables: warnings), keeping `extra` as written; code that needs a value resolves it
// with resolve_env_refs, where an unset variable is a located error. Every resolved value is
// registered with the process-wide redactor (util::register_secret) so it never reaches logs,
// reports or PR comments.

#include "core/diagnostic.hpp"
#include "core/source_loc.hpp"
#include "util/result.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

// Replaces registered secrets with "***". Thread-safe.
class Redactor {
public:
    // Registers a value to hide. Empty values are ignored.
    void add(std::string secret);
    // `text` with every occurrence of every registered value replaced by "***"; longer values
    // are replaced first so a secret containing another is hidden whole.
    std::string redact(std::string_view text) const;
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::vector<std::string> m_secrets; // sorted by decreasing length
};

// True when `value` contains a `${env:...}` reference.
bool has_env_refs(std::string_view value);

// Substitutes every `${env:NAME}` (NAME: letters, digits, '_', not starting with a digit) with
// the environment variable's value and registers each value with `redactor`. `$${` is a
// literal `${`. Errors: an unset variable, a malformed or unterminated reference.
util::Result<std::string, std::string> resolve_env(std::string_view value, Redactor& redactor);

// Diagnostic codes: a malformed reference (LD036, always an error) and a reference to an unset
// variable (LD037; an error where the value is needed, a warning when resolved ahead of use).
inline constexpr std::string_view k_code_bad_env_ref = "LD036";
inline constexpr std::string_view k_code_unset_env = "LD037";

// Checks the reference syntax of `value` without reading the environment. On failure `why`
// names the accepted form and `offset` is the byte offset of the bad reference.
bool check_env_refs(std::string_view value, std::string& why, std::size_t& offset);

// Resolves the references of `value` written at `loc` (the start of the value in its file).
// Every resolved value is registered with util::register_secret. On failure appends one
// located diagnostic to `sink` and returns nullopt: LD036 (error) for a malformed reference,
// LD037 "environment variable NAME is not set" with severity `unset` for an unset variable.
std::optional<std::string> resolve_env_refs(std::string_view value, std::vector<core::Diagnostic>& sink,
                                            const core::SourceLoc& loc,
                                            core::Severity unset = core::Severity::Error);

} // namespace dpipe::load
