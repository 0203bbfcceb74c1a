#pragma once
// Whether the packages a project lists are installed, for the loader's "run `dpipe deps`"
// warning. Reads local files only (packages.yml, package-lock.yml, dbt_project.yml files);
// never clones or downloads.

#include "core/diagnostic.hpp"
#include "deps/spec.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <vector>

namespace dpipe::deps {

// The entries of packages.yml / dependencies.yml whose folder is missing under the install
// path (empty when there is no spec). A package's folder name comes from package-lock.yml when
// the lock lists the entry; otherwise hub packages use the part of "owner/name" after '/', local
// packages the `name:` of their dbt_project.yml, and git packages count as installed when the
// install folder holds anything (their name is only known after a clone). Errors are those of
// read_package_spec and read_project_settings.
util::Result<std::vector<PackageEntry>, core::Diagnostic>
uninstalled_packages(const std::filesystem::path& project_dir,
                     const EnvLookup& env = process_env());

} // namespace dpipe::deps
