#include "deps/spec.hpp"

#include "deps/semver.hpp"
#include "load/document.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <cstdlib>

namespace dpipe::deps {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_max_spec_bytes = 1 << 20;

core::Diagnostic error_at(const core::SourceLoc& loc, std::string code, std::string message) {
    return load::make_error(std::move(code), loc, std::move(message));
}

void skip_space(std::string_view s, std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
        ++i;
    }
}

bool read_string_literal(std::string_view s, std::size_t& i, std::string* out) {
    skip_space(s, i);
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) {
        return false;
    }
    char quote = s[i++];
    out->clear();
    while (i < s.size() && s[i] != quote) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            ++i;
        }
        out->push_back(s[i++]);
    }
    if (i >= s.size()) {
        return false;
    }
    ++i;
    return true;
}

// One `{{ ... }}` expression: env_var('NAME'[, 'default']).
util::Result<std::string, std::string> eval_expression(std::string_view expr,
                                                       const EnvLookup& env) {
    std::size_t i = 0;
    skip_space(expr, i);
    constexpr std::string_view k_fn = "env_var";
    std::string name;
    std::string fallback;
    bool has_fallback = false;
    bool ok = expr.substr(i, k_fn.size()) == k_fn;
    i += k_fn.size();
    skip_space(expr, i);
    ok = ok && i < expr.size() && expr[i++] == '(' && read_string_literal(expr, i, &name);
    skip_space(expr, i);
    if (ok && i < expr.size() && expr[i] == ',') {
        ++i;
        has_fallback = read_string_literal(expr, i, &fallback);
        ok = has_fallback;
        skip_space(expr, i);
    }
    ok = ok && i < expr.size() && expr[i++] == ')';
    skip_space(expr, i);
    if (!ok || i != expr.size()) {
        return util::unexpected(
            "only {{ env_var('NAME') }} and {{ env_var('NAME', 'default') }} may "
            "appear in a package spec, not '{{" +
            std::string(expr) + "}}'");
    }
    auto value = env(name);
    if (value) {
        return *value;
    }
    if (has_fallback) {
        return fallback;
    }
    return util::unexpected("the environment variable '" + name +
                            "' is not set and has no default");
}

// One half of a hub package's "owner/name": letters, digits, '_', '-', '.', not "." or "..".
bool hub_part_ok(std::string_view part) {
    if (part.empty() || part.size() > 128 || part == "." || part == "..") {
        return false;
    }
    for (char c : part) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// A string (or a number written as one) at `node`; nullopt otherwise.
std::optional<std::string> scalar_text(const load::Node& node) {
    if (node->is_string()) {
        return node->get<std::string>();
    }
    if (node->is_number_integer()) {
        return std::to_string(node->get<long long>());
    }
    if (node->is_number_float()) {
        return node->dump(); // YAML's 1.0 as dbt would str() it
    }
    return std::nullopt;
}

} // namespace

util::Result<PackageEntry, core::Diagnostic>
parse_package_entry(const load::Node& item, const EnvLookup& env, std::string* name) {
    PackageEntry e;
    e.loc = item.loc();
    if (!item.is_object()) {
        return util::unexpected(error_at(item.loc(), "DP002",
                                         "a package entry must be a mapping with "
                                         "`local`, `git` or `package`"));
    }
    std::optional<core::Diagnostic> failure;
    int kinds = 0;
    auto constraint = [&](const load::Node& v, const std::string& c) {
        auto range = VersionRange::parse_constraint(c);
        if (!range) {
            failure = error_at(v.loc(), "DP010", range.error());
            return;
        }
        e.versions.push_back(c);
    };
    auto text_of = [&](const load::Node& v, std::string_view key, std::string* out) {
        auto s = scalar_text(v);
        if (!s) {
            failure = error_at(v.loc(), "DP003", "`" + std::string(key) + "` must be a string");
            return false;
        }
        if (s->empty()) {
            failure = error_at(v.loc(), "DP003", "`" + std::string(key) + "` must not be empty");
            return false;
        }
        *out = *s;
        return true;
    };
    item.each_member([&](std::string_view key, load::Node v) {
        if (failure) {
            return;
        }
        if (key == "local") {
            e.kind = PackageKind::Local;
            ++kinds;
            text_of(v, key, &e.local);
        } else if (key == "git") {
            e.kind = PackageKind::Git;
            ++kinds;
            if (text_of(v, key, &e.git_unrendered)) {
                auto rendered = render_env_vars(e.git_unrendered, env);
                if (!rendered) {
                    failure = error_at(v.loc(), "DP004", rendered.error());
                } else {
                    e.git = *rendered;
                }
            }
        } else if (key == "package") {
            e.kind = PackageKind::Hub;
            ++kinds;
            if (text_of(v, key, &e.package)) {
                auto parts = util::split(e.package, '/');
                if (parts.size() != 2 || !hub_part_ok(parts[0]) || !hub_part_ok(parts[1])) {
                    failure = error_at(v.loc(), "DP005",
                                       "`package` must be 'owner/name' (such as "
                                       "'dbt-labs/dbt_utils'), not '" +
                                           e.package + "'");
                }
            }
        } else if (key == "name" && name != nullptr) {
            text_of(v, key, name);
        } else if (key == "revision") {
            text_of(v, key, &e.revision);
        } else if (key == "subdirectory") {
            text_of(v, key, &e.subdirectory);
        } else if (key == "version") {
            if (v.is_array()) {
                for (std::size_t i = 0; i < v.size() && !failure; ++i) {
                    std::string c;
                    if (text_of(v[i], key, &c)) {
                        constraint(v[i], c);
                    }
                }
            } else {
                std::string c;
                if (text_of(v, key, &c)) {
                    constraint(v, c);
                }
            }
        } else if (key == "warn-unpinned" || key == "install-prerelease") {
            if (!v->is_boolean()) {
                failure =
                    error_at(v.loc(), "DP003", "`" + std::string(key) + "` must be true or false");
            } else if (key == "warn-unpinned") {
                e.warn_unpinned = v->get<bool>();
            } else {
                e.install_prerelease = v->get<bool>();
            }
        } else {
            failure = error_at(v.key_loc(), "DP006",
                               "unknown key `" + std::string(key) +
                                   "` in a package entry (expected local, git, "
                                   "revision, subdirectory, warn-unpinned, "
                                   "package, version, install-prerelease)");
        }
    });
    if (failure) {
        return util::unexpected(*failure);
    }
    if (kinds != 1) {
        return util::unexpected(error_at(item.loc(), "DP002",
                                         "a package entry needs exactly one of "
                                         "`local`, `git` or `package`"));
    }
    if (e.kind == PackageKind::Hub && e.versions.empty()) {
        return util::unexpected(
            error_at(item.loc(), "DP007", "the hub package '" + e.package + "' needs a `version`"));
    }
    bool misplaced =
        (e.kind != PackageKind::Git && (!e.revision.empty() || !e.subdirectory.empty())) ||
        (e.kind != PackageKind::Hub && !e.versions.empty());
    if (misplaced) {
        return util::unexpected(error_at(item.loc(), "DP006",
                                         "`revision` and `subdirectory` belong to "
                                         "git packages, `version` to hub packages"));
    }
    return e;
}

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
}

std::string PackageEntry::label() const {
    switch (kind) {
    case PackageKind::Local:
        return local;
    case PackageKind::Git:
        return git_unrendered + (subdirectory.empty() ? "" : " (" + subdirectory + ")");
    case PackageKind::Hub:
        return package;
    }
    return {};
}

util::Result<std::string, std::string> render_env_vars(std::string_view text,
                                                       const EnvLookup& env) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos) {
            return util::unexpected(std::string("'{{' without a closing '}}'"));
        }
        out.append(text.substr(pos, open - pos));
        auto value = eval_expression(text.substr(open + 2, close - open - 2), env);
        if (!value) {
            return util::unexpected(value.error());
        }
        out += *value;
        pos = close + 2;
    }
}

util::Result<PackageSpec, core::Diagnostic>
parse_package_spec(std::string_view text, const std::string& file, const EnvLookup& env) {
    load::Limits limits;
    limits.max_file_bytes = k_max_spec_bytes;
    auto doc = load::parse_yaml(text, file, limits);
    if (!doc) {
        return util::unexpected(doc.error());
    }
    PackageSpec spec;
    spec.file = file;
    spec.text = std::string(text);
    load::Node root = doc->node();
    if (root.is_null()) {
        return spec;
    }
    if (!root.is_object()) {
        return util::unexpected(
            error_at(root.loc(), "DP001", file + " must be a mapping with a `packages` list"));
    }
    load::Node list = root["packages"];
    if (!list || list.is_null()) {
        return spec;
    }
    if (!list.is_array()) {
        return util::unexpected(error_at(list.loc(), "DP001", "`packages` must be a list"));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto entry = parse_package_entry(list[i], env);
        if (!entry) {
            return util::unexpected(entry.error());
        }
        spec.packages.push_back(std::move(*entry));
    }
    return spec;
}

util::Result<std::optional<PackageSpec>, core::Diagnostic>
read_package_spec(const fs::path& project_dir, const EnvLookup& env) {
    std::optional<PackageSpec> found;
    for (const char* name : {"packages.yml", "dependencies.yml"}) {
        std::error_code ec;
        if (!fs::is_regular_file(project_dir / name, ec)) {
            continue;
        }
        auto text = util::read_file(project_dir / name, k_max_spec_bytes);
        if (!text) {
            return util::unexpected(
                error_at(core::SourceLoc{name, 0, 0}, "DP001", text.error().message));
        }
        auto spec = parse_package_spec(*text, name, env);
        if (!spec) {
            return util::unexpected(spec.error());
        }
        if (found && !found->packages.empty() && !spec->packages.empty()) {
            return util::unexpected(error_at(core::SourceLoc{name, 0, 0}, "DP001",
                                             "packages are listed in both packages.yml and "
                                             "dependencies.yml: keep one list"));
        }
        if (!found || found->packages.empty()) {
            found = std::move(*spec);
        }
    }
    return found;
}

util::Result<ProjectSettings, core::Diagnostic> read_project_settings(const fs::path& project_dir) {
    ProjectSettings settings;
    std::error_code ec;
    if (!fs::is_regular_file(project_dir / "dbt_project.yml", ec)) {
        return settings;
    }
    auto text = util::read_file(project_dir / "dbt_project.yml", k_max_spec_bytes * 8);
    if (!text) {
        return util::unexpected(
            error_at(core::SourceLoc{"dbt_project.yml", 0, 0}, "DP001", text.error().message));
    }
    load::ParseOptions options;
    options.tolerate_duplicate_keys = true;
    auto doc = load::parse_yaml(*text, "dbt_project.yml", load::Limits{}, options);
    if (!doc) {
        return util::unexpected(doc.error());
    }
    load::Node root = doc->node();
    if (load::Node name = root["name"]; name && name->is_string()) {
        settings.name = name->get<std::string>();
    }
    if (load::Node path = root["packages-install-path"]; path) {
        auto rel = path->is_string() ? path->get<std::string>() : std::string();
        fs::path p = fs::path(rel).lexically_normal();
        std::string norm = p.generic_string();
        if (rel.empty() || p.is_absolute() || norm == "." || norm == ".." ||
            norm.rfind("../", 0) == 0) {
            return util::unexpected(error_at(path.loc(), "DP008",
                                             "`packages-install-path` must be a folder "
                                             "inside the project"));
        }
        while (!norm.empty() && norm.back() == '/') {
            norm.pop_back();
        }
        settings.install_path = norm;
    }
    return settings;
}

std::string package_name_problem(std::string_view name) {
    if (name.empty()) {
        return "a package name must not be empty";
    }
    if (name.size() > 128) {
        return "the package name '" + std::string(name.substr(0, 32)) + "...' is too long";
    }
    bool ok = !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_');
    }
    return ok ? ""
              : "'" + std::string(name) + "' is not a valid package name (letters, digits and '_')";
}

bool valid_hub_id(std::string_view id) {
    auto parts = util::split(id, '/');
    return parts.size() == 2 && hub_part_ok(parts[0]) && hub_part_ok(parts[1]);
}

fs::path installed_path(const fs::path& project_dir, const ProjectSettings& settings,
                        const std::string& name) {
    return project_dir / settings.install_path / name;
}

} // namespace dpipe::deps
