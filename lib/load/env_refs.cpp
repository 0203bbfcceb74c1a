#include "load/env_refs.hpp"

#include "util/redact.hpp"

#include <algorithm>
#include <cstdlib>

namespace dpipe::load {

void Redactor::add(std::string secret) {
    if (secret.empty()) {
        return;
    }
    util::register_secret(secret); // the process-wide redactor masks it in every output
    std::lock_guard<std::mutex> lock(m_mutex);
    if (std::find(m_secrets.begin(), m_secrets.end(), secret) != m_secrets.end()) {
        return;
    }
    auto pos = std::find_if(m_secrets.begin(), m_secrets.end(),
                            [&](const std::string& s) { return s.size() < secret.size(); });
    m_secrets.insert(pos, std::move(secret));
}

std::size_t Redactor::size() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_secrets.size();
}

std::string Redactor::redact(std::string_view text) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::string out(text);
    for (const auto& s : m_secrets) {
        std::string next;
        std::size_t from = 0;
        for (;;) {
            auto at = out.find(s, from);
            if (at == std::string::npos) {
                next.append(out, from, std::string::npos);
                break;
            }
            next.append(out, from, at - from);
            next += "***";
            from = at + s.size();
        }
        out = std::move(next);
    }
    return out;
}

bool has_env_refs(std::string_view value) { return value.find("${env:") != std::string_view::npos; }

namespace {

struct ScanError {
    std::string why;
    std::size_t offset = 0;
    bool unset = false; // the reference is well formed but its variable is not set
};

bool valid_name(std::string_view name) {
    return !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

// Walks `value`: literal text goes to `out`, each reference to `lookup(name)` (nullptr: unset).
// With `lookup` empty only the syntax is checked.
template <typename Lookup>
std::optional<ScanError> scan(std::string_view value, std::string& out, Lookup lookup) {
    std::size_t i = 0;
    while (i < value.size()) {
        if (value.compare(i, 3, "$${") == 0) {
            out += "${";
            i += 3;
            continue;
        }
        if (value.compare(i, 2, "${") != 0) {
            out += value[i++];
            continue;
        }
        auto close = value.find('}', i);
        if (close == std::string_view::npos) {
            return ScanError{"unterminated '${' (write ${env:NAME}, or $${ for a literal '${')", i, false};
        }
        std::string_view ref = value.substr(i + 2, close - i - 2);
        if (ref.compare(0, 4, "env:") != 0) {
            return ScanError{"unsupported reference '${" + std::string(ref) +
                                 "}' (write ${env:NAME}, or $${ for a literal '${')",
                             i, false};
        }
        std::string name(ref.substr(4));
        if (!valid_name(name)) {
            return ScanError{"invalid environment variable name '" + name +
                                 "' in ${env:NAME} (letters, digits and '_', not starting with a digit)",
                             i, false};
        }
        const char* env = lookup(name);
        if (!env) {
            return ScanError{"environment variable " + name + " is not set", i, true};
        }
        out += env;
        i = close + 1;
    }
    return std::nullopt;
}

} // namespace

util::Result<std::string, std::string> resolve_env(std::string_view value, Redactor& redactor) {
    std::string out;
    std::vector<std::string> resolved;
    auto err = scan(value, out, [&](const std::string& name) -> const char* {
        const char* env = std::getenv(name.c_str());
        if (env) {
            resolved.emplace_back(env);
        }
        return env;
    });
    if (err) {
        if (!err->unset && err->why.rfind("unterminated", 0) == 0) {
            return util::unexpected(std::string("unterminated '${' at offset ") + std::to_string(err->offset));
        }
        return util::unexpected(err->why);
    }
    for (auto& v : resolved) {
        redactor.add(std::move(v));
    }
    return out;
}

bool check_env_refs(std::string_view value, std::string& why, std::size_t& offset) {
    std::string out;
    auto err = scan(value, out, [](const std::string&) -> const char* { return ""; });
    if (!err) {
        return true;
    }
    why = err->why;
    offset = err->offset;
    return false;
}

std::optional<std::string> resolve_env_refs(std::string_view value, std::vector<core::Diagnostic>& sink,
                                            const core::SourceLoc& loc, core::Severity unset) {
    std::string out;
    std::vector<std::string> resolved;
    auto err = scan(value, out, [&](const std::string& name) -> const char* {
        const char* env = std::getenv(name.c_str());
        if (env) {
            resolved.emplace_back(env);
        }
        return env;
    });
    if (err) {
        core::SourceLoc at = loc;
        core::Severity severity = err->unset ? unset : core::Severity::Error;
        std::string code(err->unset ? k_code_unset_env : k_code_bad_env_ref);
        sink.push_back({severity, std::move(code), std::move(at), std::move(err->why), {}});
        return std::nullopt;
    }
    for (const auto& v : resolved) {
        util::register_secret(v);
    }
    return out;
}

} // namespace dpipe::load
