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

util::Result<std::string, std::string> resolve_env(std::string_view value, Redactor& redactor) {
    std::string out;
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
            return util::unexpected(std::string("unterminated '${' at offset ") + std::to_string(i));
        }
        std::string_view ref = value.substr(i + 2, close - i - 2);
        if (ref.compare(0, 4, "env:") != 0) {
            return util::unexpected("unsupported reference '${" + std::string(ref) + "}' (use ${env:NAME})");
        }
        std::string name(ref.substr(4));
        bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
        if (!valid) {
            return util::unexpected("invalid environment variable name '" + name + "'");
        }
        const char* env = std::getenv(name.c_str());
        if (!env) {
            return util::unexpected("environment variable " + name + " is not set");
        }
        redactor.add(env);
        out += env;
        i = close + 1;
    }
    return out;
}

} // namespace dpipe::load
