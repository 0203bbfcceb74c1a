#include "deps/status.hpp"

#include "deps/lock.hpp"
#include "util/files.hpp"

namespace dpipe::deps {

namespace fs = std::filesystem;

namespace {

bool same_source(const PackageEntry& a, const PackageEntry& b) {
    if (a.kind != b.kind) {
        return false;
    }
    switch (a.kind) {
    case PackageKind::Hub:
        return a.package == b.package;
    case PackageKind::Git:
        return a.git_unrendered == b.git_unrendered && a.subdirectory == b.subdirectory;
    case PackageKind::Local:
        return fs::path(a.local).lexically_normal() == fs::path(b.local).lexically_normal();
    }
    return false;
}

} // namespace

util::Result<std::vector<PackageEntry>, core::Diagnostic>
uninstalled_packages(const fs::path& project_dir, const EnvLookup& env) {
    std::vector<PackageEntry> missing;
    auto settings = read_project_settings(project_dir);
    if (!settings) {
        return util::unexpected(settings.error());
    }
    auto spec = read_package_spec(project_dir, env);
    if (!spec) {
        return util::unexpected(spec.error());
    }
    if (!*spec) {
        return missing;
    }
    std::optional<LockFile> lock;
    if (auto text = util::read_file(project_dir / k_lock_file, 1 << 20)) {
        if (auto parsed = parse_lock(*text, env)) {
            lock = std::move(*parsed);
        }
    }
    fs::path install = project_dir / settings->install_path;
    std::error_code ec;
    bool install_empty = !fs::is_directory(install, ec) || fs::is_empty(install, ec);
    for (const PackageEntry& e : (*spec)->packages) {
        std::string name;
        if (lock) {
            for (const auto& p : lock->packages) {
                if (same_source(p.entry, e)) {
                    name = p.name;
                }
            }
        }
        if (name.empty() && e.kind == PackageKind::Hub) {
            name = e.package.substr(e.package.find('/') + 1);
        } else if (name.empty() && e.kind == PackageKind::Local) {
            auto local = read_project_settings(project_dir / e.local);
            name = local ? local->name : "";
        }
        bool installed = !name.empty() && package_name_problem(name).empty()
                             ? fs::is_directory(install / name, ec)
                             : !install_empty;
        if (!installed) {
            missing.push_back(e);
        }
    }
    return missing;
}

} // namespace dpipe::deps
