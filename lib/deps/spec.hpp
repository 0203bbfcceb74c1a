#pragma once
// What a dbt project asks `dpipe deps` to install: the `packages:` list of packages.yml (or
// dependencies.yml), and where packages go (`packages-install-path` of dbt_project.yml).
//
//   auto spec = deps::read_package_spec(project_dir);     // Result<optional<PackageSpec>,
//   Diagnostic> if (spec && *spec) { for (auto& p : (*spec)->packages) ... }
//
// Every entry is checked as untrusted input; errors are located Diagnostics
// (packages.yml:line:col) with codes DP0xx. The loader can call read_package_spec and
// installed_path to warn about packages that are listed but not installed.

#include "core/diagnostic.hpp"
#include "core/source_loc.hpp"
#include "load/document.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dpipe::deps {

// env_var lookup; the default reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

enum class PackageKind { Local, Git, Hub };

struct PackageEntry {
    PackageKind kind = PackageKind::Local;
    std::string local;          // Local: path relative to the project folder
    std::string git;            // Git: URL with env_var() rendered
    std::string git_unrendered; // Git: the URL as written (kept in package-lock.yml: no secrets)
    std::string revision;       // Git: branch, tag or commit; "" = default branch
    std::string subdirectory;   // Git: folder of the repository holding the package
    bool warn_unpinned = true;  // Git
    std::string package;        // Hub: "owner/name"
    std::vector<std::string> versions; // Hub: constraints, all of which must hold
    bool install_prerelease = false;   // Hub
    core::SourceLoc loc;               // the entry in packages.yml

    // "dbt-labs/dbt_utils", the git URL (as written) or the local path: for messages.
    std::string label() const;
};

struct PackageSpec {
    std::string file; // "packages.yml" or "dependencies.yml"
    std::string text; // the file's text (for source excerpts)
    std::vector<PackageEntry> packages;
};

// Parses the text of packages.yml / dependencies.yml. A file without `packages:` has none.
util::Result<PackageSpec, core::Diagnostic>
parse_package_spec(std::string_view text, const std::string& file,
                   const EnvLookup& env = process_env());

// One entry of a `packages:` list. With `name` given, a `name:` key is accepted and stored
// there (package-lock.yml entries carry one).
util::Result<PackageEntry, core::Diagnostic>
parse_package_entry(const load::Node& item, const EnvLookup& env, std::string* name = nullptr);

// Reads packages.yml or dependencies.yml in `project_dir`; nullopt when neither exists. Both
// with a `packages:` list is an error, as in dbt.
util::Result<std::optional<PackageSpec>, core::Diagnostic>
read_package_spec(const std::filesystem::path& project_dir, const EnvLookup& env = process_env());

// Renders `{{ env_var('NAME') }}` and `{{ env_var('NAME', 'default') }}` in `text`, the Jinja
// dbt allows in packages.yml. Anything else inside `{{ }}` is an error (a sentence).
util::Result<std::string, std::string> render_env_vars(std::string_view text, const EnvLookup& env);

// The `name:` and `packages-install-path` of a project's dbt_project.yml.
struct ProjectSettings {
    std::string name;                          // "" when absent
    std::string install_path = "dbt_packages"; // relative to the project folder
};
util::Result<ProjectSettings, core::Diagnostic>
read_project_settings(const std::filesystem::path& project_dir);

// Why `name` cannot be a package's folder name, or "" when it can: letters, digits and '_',
// not starting with a digit, at most 128 characters (dbt's rule for project names).
std::string package_name_problem(std::string_view name);

// True for a hub id "owner/name" whose parts hold only letters, digits, '_', '-' and '.'.
bool valid_hub_id(std::string_view id);

// Where the package named `name` is installed for the project: <project>/<install path>/<name>.
std::filesystem::path installed_path(const std::filesystem::path& project_dir,
                                     const ProjectSettings& settings, const std::string& name);

} // namespace dpipe::deps
