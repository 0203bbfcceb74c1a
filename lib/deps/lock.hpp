#pragma once
// package-lock.yml, as dbt writes it: every installed package (transitive ones too) pinned to
// the version or commit that was installed, and `sha1_hash`, a digest of the packages.yml spec.
// When the hash still matches the spec, `dpipe deps` installs exactly what the lock says.
//
//   packages:
//     - name: dbt_utils
//       package: dbt-labs/dbt_utils
//       version: 1.1.1
//     - name: my_pkg
//       git: "https://example.com/{{ env_var('TOKEN') }}@host/repo.git"   # as written: no secrets
//       revision: 0123456789abcdef0123456789abcdef01234567
//   sha1_hash: 5f1e...

#include "deps/error.hpp"
#include "deps/spec.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dpipe::deps {

inline constexpr const char* k_lock_file = "package-lock.yml";

struct LockedPackage {
    std::string name;
    PackageEntry entry; // versions = {exact version} for the hub; revision = commit for git
};

struct LockFile {
    std::vector<LockedPackage> packages;
    std::string sha1_hash;
};

// dbt's digest of a spec: each entry as JSON with sorted keys, the lines sorted, joined with
// '\n', SHA-1 in hex.
std::string spec_hash(const PackageSpec& spec);

// The YAML text of a lock file.
std::string render_lock(const LockFile& lock);

// Parses a lock file's text; located DP03x errors.
util::Result<LockFile, DepsError> parse_lock(std::string_view text, const EnvLookup& env);

} // namespace dpipe::deps
