#pragma once
// `${env:NAME}` references in configuration strings. The loader keeps them unresolved in the
// project; commands resolve them when a value is needed and register the result with a
// Redactor so it never reaches logs, reports or PR comments.

#include "util/result.hpp"

#include <mutex>
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

} // namespace dpipe::load
