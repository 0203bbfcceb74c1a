#pragma once
// Hand-written scanners for hard-coded secrets (no regex): provider token formats with their
// fixed prefixes and lengths, private key blocks, JWTs, and `password|secret|token|api_key =
// value` assignments whose value looks random (Shannon entropy). Placeholders such as
// `${env:X}`, `{{ env_var('X') }}`, `<your-token>` or `xxxx` never match. One pass over the
// text; no allocation per character. Hits carry offsets and a kind, never the value.

#include <cstddef>
#include <string_view>
#include <vector>

namespace dpipe::lint::rules {

struct SecretScanOptions {
    double entropy_threshold = 3.0; // bits per character a generic value must reach
    std::size_t min_length = 8;     // shortest generic value considered
    // Leave `password:`-like keys to SC002 (plaintext passwords in configuration files).
    bool skip_password_keys = false;
};

struct SecretHit {
    std::size_t offset = 0; // first byte of the secret
    const char* kind = "";  // e.g. "GitHub token"
};

// Appends the secrets found in `text`, in offset order.
void scan_secrets(std::string_view text, const SecretScanOptions& options, std::vector<SecretHit>& out);

// Shannon entropy of the bytes of `s`, in bits per byte.
double shannon_entropy(std::string_view s);

// A value that stands for a secret rather than being one: an environment reference, a Jinja
// expression, an angle-bracket or masked placeholder, a well-known dummy word.
bool is_placeholder(std::string_view value);

// True for key names that hold a password (password, passwd, pwd, passphrase, ...).
bool is_password_key(std::string_view key);

} // namespace dpipe::lint::rules
