#include "deps/lock.hpp"

#include "load/document.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstdio>

namespace dpipe::deps {

namespace {

// A string as Python's json.dumps writes it (ASCII only, \uXXXX beyond).
std::string py_string(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x80) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string entry_json(const PackageEntry& e) {
    std::vector<std::pair<std::string, std::string>> fields;
    switch (e.kind) {
    case PackageKind::Local:
        fields.emplace_back("local", py_string(e.local));
        break;
    case PackageKind::Git:
        fields.emplace_back("git", py_string(e.git));
        if (!e.revision.empty()) {
            fields.emplace_back("revision", py_string(e.revision));
        }
        if (!e.subdirectory.empty()) {
            fields.emplace_back("subdirectory", py_string(e.subdirectory));
        }
        if (!e.warn_unpinned) {
            fields.emplace_back("warn-unpinned", "false");
        }
        break;
    case PackageKind::Hub: {
        fields.emplace_back("package", py_string(e.package));
        if (e.versions.size() == 1) {
            fields.emplace_back("version", py_string(e.versions[0]));
        } else {
            std::vector<std::string> items;
            for (const auto& v : e.versions) {
                items.push_back(py_string(v));
            }
            fields.emplace_back("version", "[" + util::join(items, ", ") + "]");
        }
        if (e.install_prerelease) {
            fields.emplace_back("install-prerelease", "true");
        }
        break;
    }
    }
    std::sort(fields.begin(), fields.end());
    std::vector<std::string> parts;
    for (const auto& [k, v] : fields) {
        parts.push_back(py_string(k) + ": " + v);
    }
    return "{" + util::join(parts, ", ") + "}";
}

// Plain YAML when unambiguous, else a double-quoted (JSON-escaped) scalar.
std::string yaml_scalar(std::string_view s) {
    bool plain = !s.empty();
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.' || c == '/';
        plain = plain && ok;
    }
    if (plain) {
        bool digits_and_dots = std::all_of(
            s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
        std::size_t dots = static_cast<std::size_t>(std::count(s.begin(), s.end(), '.'));
        std::string lower = util::to_lower(s);
        bool keyword = lower == "true" || lower == "false" || lower == "null" || lower == "yes" ||
                       lower == "no" || lower == "on" || lower == "off" || lower == "~";
        plain = !keyword && s.front() != '-' && s.front() != '.' && !(digits_and_dots && dots < 2);
        // A commit id of digits only would read as a number.
        plain =
            plain && !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    return plain ? std::string(s) : "\"" + util::json_escape(s) + "\"";
}

core::Diagnostic lock_error(const core::SourceLoc& loc, std::string message) {
    return load::make_error("DP030", loc, std::move(message));
}

} // namespace

std::string spec_hash(const PackageSpec& spec) {
    std::vector<std::string> lines;
    for (const auto& e : spec.packages) {
        lines.push_back(entry_json(e));
    }
    std::sort(lines.begin(), lines.end());
    return util::sha1_hex(util::join(lines, "\n"));
}

std::string render_lock(const LockFile& lock) {
    std::string out = "packages:\n";
    if (lock.packages.empty()) {
        out = "packages: []\n";
    }
    for (const auto& p : lock.packages) {
        const PackageEntry& e = p.entry;
        out += "  - name: " + yaml_scalar(p.name) + "\n";
        switch (e.kind) {
        case PackageKind::Local:
            out += "    local: " + yaml_scalar(e.local) + "\n";
            break;
        case PackageKind::Git:
            out += "    git: " + yaml_scalar(e.git_unrendered) + "\n";
            out += "    revision: " + yaml_scalar(e.revision) + "\n";
            if (!e.subdirectory.empty()) {
                out += "    subdirectory: " + yaml_scalar(e.subdirectory) + "\n";
            }
            break;
        case PackageKind::Hub:
            out += "    package: " + yaml_scalar(e.package) + "\n";
            out +=
                "    version: " + yaml_scalar(e.versions.empty() ? "" : e.versions.front()) + "\n";
            break;
        }
    }
    out += "sha1_hash: " + lock.sha1_hash + "\n";
    return out;
}

util::Result<LockFile, DepsError> parse_lock(std::string_view text, const EnvLookup& env) {
    auto doc = load::parse_yaml(text, k_lock_file, load::Limits{});
    if (!doc) {
        return util::unexpected(input_error(doc.error()));
    }
    LockFile lock;
    load::Node root = doc->node();
    if (!root.is_object() || !root["packages"].is_array()) {
        return util::unexpected(
            input_error(lock_error(root.loc(), "package-lock.yml must have a `packages` list")));
    }
    if (load::Node hash = root["sha1_hash"]; hash && hash->is_string()) {
        lock.sha1_hash = hash->get<std::string>();
    }
    load::Node list = root["packages"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string name;
        auto entry = parse_package_entry(list[i], env, &name);
        if (!entry) {
            return util::unexpected(input_error(entry.error()));
        }
        if (!package_name_problem(name).empty()) {
            return util::unexpected(
                input_error(lock_error(list[i].loc(), "each locked package needs a valid `name`")));
        }
        lock.packages.push_back(LockedPackage{std::move(name), std::move(*entry)});
    }
    return lock;
}

} // namespace dpipe::deps
