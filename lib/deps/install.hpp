#pragma once
// `dpipe deps`: install the packages a dbt project lists (packages.yml or dependencies.yml) into
// its packages-install-path (default dbt_packages/), one folder per package named after the
// package's `name:`, and record them in package-lock.yml.
//
// - A package-lock.yml whose sha1_hash matches the spec is installed exactly as it says;
//   otherwise (or with `upgrade`) the spec is resolved again and the lock rewritten.
// - Local packages are copied (not symlinked): the install folder is replaced as a whole, so a
//   link would make a later failed install touch the package's own sources.
// - Everything is built in a temporary folder beside the install folder and renamed into place
//   at the end: a failure leaves the previous install untouched.

#include "deps/error.hpp"
#include "deps/spec.hpp"
#include "net/http.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dpipe::deps {

struct DepsRequest {
    std::filesystem::path project_dir;
    bool upgrade = false;               // ignore package-lock.yml: resolve again and rewrite it
    bool lock_only = false;             // resolve and write package-lock.yml; install nothing
    net::Client* http = nullptr;        // for hub packages; none = hub packages fail (exit 3)
    EnvLookup env = process_env();      // env_var() and DBT_PACKAGE_HUB_URL
    std::uint64_t max_download_bytes = std::uint64_t{64} << 20; // one tarball
    std::uint64_t max_package_bytes = std::uint64_t{512} << 20; // one package's files
};

struct InstalledPackage {
    std::string name; // folder under the install path
    PackageKind kind = PackageKind::Local;
    std::string source;  // hub id, git URL as written, or local path
    std::string version; // hub version, git commit, "" for local packages
};

struct DepsResult {
    std::string spec_file;    // "packages.yml" / "dependencies.yml"; "" when there is none
    std::string spec_text;    // its text, for source excerpts of warnings
    std::string install_path; // relative to the project folder
    std::vector<InstalledPackage> packages;
    std::vector<core::Diagnostic> warnings;
    bool from_lock = false;    // installed exactly as package-lock.yml said
    bool lock_written = false; // package-lock.yml was (re)written
};

// Errors: bad spec, lock or package files (ExitCode::Usage, located), fetch failures
// (ExitCode::Unavailable), file system failures (Usage, naming the path).
util::Result<DepsResult, DepsError> install_packages(const DepsRequest& request);

} // namespace dpipe::deps
