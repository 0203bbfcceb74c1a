#pragma once
// The process-wide secret redactor. Every text dpipe writes (reports, diagnostics, error
// messages) goes through redact() on its way out, so a secret that reached a message by any
// path is masked as "****".
//
// Two kinds of secret are masked:
//  - values registered with register_secret() (resolved ${env:...} references, env_var()
//    values whose name looks secret); values shorter than k_min_secret_length are ignored so
//    that trivial strings ("1", "yes") are not masked everywhere;
//  - well-known token formats, whatever their origin: GitHub (ghp_, gho_, ghs_, ghu_, ghr_,
//    github_pat_), AWS access key ids (AKIA/ASIA), Slack (xoxa-, xoxb-, xoxp-, xoxr-, xoxs-),
//    Google API keys (AIza), JWTs (eyJ....eyJ....sig), PEM private key blocks, the password of
//    a URL (scheme://user:PASSWORD@host) and `password=VALUE` in libpq key/value strings.
// All functions are thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace dpipe::util {

inline constexpr std::size_t k_min_secret_length = 4;
inline constexpr std::string_view k_redacted = "****";

// Registers a value to mask from now on. Values shorter than k_min_secret_length are ignored.
void register_secret(std::string_view value);

// Forgets every registered value (tests only).
void clear_registered_secrets();

// `text` with registered values and known token formats replaced by "****". Longer registered
// values are replaced first, so a secret containing another is masked whole.
std::string redact(std::string_view text);

// The same, in place: `text` is neither copied nor reallocated when nothing in it is masked
// (the common case for a large output).
void redact_in_place(std::string& text);

// True for an environment variable name that holds a secret by convention: it contains TOKEN,
// SECRET, PASSWORD, PASS, KEY or CREDENTIAL (case-insensitive), or starts with DBT_ENV_SECRET_.
bool is_secret_name(std::string_view name);

} // namespace dpipe::util
