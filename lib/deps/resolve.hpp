#pragma once
// Resolution of a package spec into the exact set of packages to install, as `dbt deps` does:
// hub packages get one version each (the highest satisfying every constraint on them, from the
// project and from every package that depends on them), git packages one revision each (two
// different revisions of one repository are an error), local packages are read in place, and
// the dependencies of each package (the hub's metadata, or the package's own packages.yml) join
// the list until nothing new appears. Git packages are cloned here (their name and dependencies
// are in their files); hub tarballs are downloaded later, by the installer.

#include "deps/error.hpp"
#include "deps/hub.hpp"
#include "deps/spec.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dpipe::deps {

struct ResolvedPackage {
    std::string name;   // install folder, checked by package_name_problem
    PackageEntry entry; // pinned: hub `versions` = {exact version}; git `revision` = commit id
    std::filesystem::path files; // local: the source folder; git: the fetched files; hub: empty
    std::string tarball;         // hub: download URL
    std::string sha1;            // hub: expected SHA-1 of the tarball, "" when unknown
};

struct ResolveOptions {
    std::filesystem::path project_dir; // local paths are relative to it (as in dbt)
    std::string install_path;          // for locations of dependencies' packages.yml
    std::filesystem::path work_dir;    // existing scratch folder for clones
    Hub* hub = nullptr;                // required when hub packages appear
    EnvLookup env;
    bool transitive = true; // false: the list is complete already (a lock file)
    std::size_t max_packages = 500;
};

// Resolves `roots`; warnings (unpinned git packages) are appended to `warnings`.
util::Result<std::vector<ResolvedPackage>, DepsError>
resolve_packages(const std::vector<PackageEntry>& roots, const ResolveOptions& options,
                 std::vector<core::Diagnostic>& warnings);

} // namespace dpipe::deps
