#include "deps/resolve.hpp"

#include "git/clone.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <deque>
#include <optional>

namespace dpipe::deps {

namespace fs = std::filesystem;

namespace {

struct HubState {
    VersionRange range;
    std::vector<std::string> constraints; // as written, for messages
    bool prerelease = false;
    std::optional<Version> chosen;
    const HubPackage* meta = nullptr;
};

struct Slot {
    std::string key;
    ResolvedPackage package;
};

class Resolver {
  public:
    Resolver(const ResolveOptions& options, std::vector<core::Diagnostic>& warnings)
        : m_options(options), m_warnings(warnings) {}

    util::Result<std::vector<ResolvedPackage>, DepsError>
    run(const std::vector<PackageEntry>& roots) {
        std::deque<PackageEntry> pending(roots.begin(), roots.end());
        std::size_t steps = 0;
        while (!pending.empty()) {
            if (++steps > m_options.max_packages * 20 || m_slots.size() > m_options.max_packages) {
                return util::unexpected(input_error("DP014", pending.front().loc,
                                                    "more than " +
                                                        std::to_string(m_options.max_packages) +
                                                        " packages to resolve"));
            }
            PackageEntry entry = std::move(pending.front());
            pending.pop_front();
            std::vector<PackageEntry> more;
            util::Result<bool, DepsError> step = true;
            switch (entry.kind) {
            case PackageKind::Hub:
                step = add_hub(entry, more);
                break;
            case PackageKind::Git:
                step = add_git(entry, more);
                break;
            case PackageKind::Local:
                step = add_local(entry, more);
                break;
            }
            if (!step) {
                return util::unexpected(step.error());
            }
            if (m_options.transitive) {
                pending.insert(pending.end(), more.begin(), more.end());
            }
        }
        return finish();
    }

  private:
    util::Result<bool, DepsError> add_hub(const PackageEntry& entry,
                                          std::vector<PackageEntry>& more) {
        if (!valid_hub_id(entry.package)) {
            return util::unexpected(
                input_error("DP005", entry.loc, "'" + entry.package + "' is not a hub package id"));
        }
        std::string key = "hub:" + entry.package;
        HubState& state = m_hub[key];
        for (const auto& text : entry.versions) {
            auto range = VersionRange::parse_constraint(text);
            if (!range) {
                return util::unexpected(input_error("DP010", entry.loc, range.error()));
            }
            state.constraints.push_back(text);
            auto both = state.range.intersect(*range);
            if (!both) {
                return util::unexpected(
                    input_error("DP011", entry.loc,
                                "the version constraints on '" + entry.package +
                                    "' cannot all hold: " + util::join(state.constraints, ", ")));
            }
            state.range = *both;
        }
        state.prerelease = state.prerelease || entry.install_prerelease;
        if (state.meta == nullptr) {
            if (m_options.hub == nullptr) {
                return util::unexpected(
                    unavailable("DP021", "no package hub to ask for '" + entry.package + "'"));
            }
            auto meta = m_options.hub->package(entry.package, entry.loc);
            if (!meta) {
                return util::unexpected(meta.error());
            }
            state.meta = *meta;
            slot(key, entry);
        }
        auto best = pick_highest(state.range, versions_of(*state.meta), state.prerelease);
        if (!best) {
            return util::unexpected(
                input_error("DP012", entry.loc,
                            "no version of '" + entry.package + "' satisfies " + state.range.str() +
                                " (constraints: " + util::join(state.constraints, ", ") + ")"));
        }
        if (!state.chosen || compare(*state.chosen, *best) != 0) {
            state.chosen = best;
            const HubVersion* hv = state.meta->find(*best);
            for (PackageEntry dep : hv->packages) {
                dep.loc = core::SourceLoc{"<hub>/" + entry.package + "/" + best->str(), 0, 0};
                more.push_back(std::move(dep));
            }
        }
        return true;
    }

    util::Result<bool, DepsError> add_git(const PackageEntry& entry,
                                          std::vector<PackageEntry>& more) {
        std::string key = "git:" + entry.git + "#" + entry.subdirectory;
        if (auto it = m_git_revision.find(key); it != m_git_revision.end()) {
            if (it->second != entry.revision) {
                return util::unexpected(input_error(
                    "DP015", entry.loc,
                    "the git package " + entry.label() + " is wanted at two revisions: '" +
                        it->second + "' and '" + entry.revision + "'"));
            }
            return true;
        }
        m_git_revision[key] = entry.revision;
        if ((entry.revision.empty() || entry.revision == "HEAD") && entry.warn_unpinned) {
            m_warnings.push_back(
                core::Diagnostic{core::Severity::Warning,
                                 "DP016",
                                 entry.loc,
                                 "the git package " + entry.label() +
                                     " is not pinned to a revision: installs will change with "
                                     "its default branch (set `revision:` to a tag or commit)",
                                 {}});
        }
        fs::path dest = m_options.work_dir / ("git-" + std::to_string(m_git_revision.size()));
        git::CloneRequest request;
        request.url = entry.git;
        request.revision = entry.revision == "HEAD" ? "" : entry.revision;
        request.subdirectory = entry.subdirectory;
        request.scratch = dest.string() + ".clone";
        request.destination = dest.string();
        auto cloned = git::clone_revision(request);
        if (!cloned) {
            const auto& e = cloned.error();
            // The URL as written, never the rendered one (it may hold a token).
            std::string message = util::replace_all(e.message, entry.git, entry.git_unrendered);
            if (e.kind == git::GitError::Kind::Broken) {
                return util::unexpected(unavailable("DP017", message));
            }
            return util::unexpected(input_error("DP018", entry.loc, message));
        }
        PackageEntry pinned = entry;
        pinned.revision = cloned->commit;
        auto name = package_name(dest, entry);
        if (!name) {
            return util::unexpected(name.error());
        }
        ResolvedPackage& p = slot(key, pinned);
        p.name = *name;
        p.files = dest;
        return add_children(dest, *name, more, true);
    }

    util::Result<bool, DepsError> add_local(const PackageEntry& entry,
                                            std::vector<PackageEntry>& more) {
        fs::path source = (m_options.project_dir / entry.local).lexically_normal();
        std::error_code ec;
        if (!fs::is_directory(source, ec)) {
            return util::unexpected(input_error(
                "DP019", entry.loc, "the local package '" + entry.local + "' is not a folder"));
        }
        fs::path canonical = fs::canonical(source, ec);
        std::string key = "local:" + canonical.string();
        if (m_keys.count(key) != 0) {
            return true;
        }
        auto name = package_name(source, entry);
        if (!name) {
            return util::unexpected(name.error());
        }
        ResolvedPackage& p = slot(key, entry);
        p.name = *name;
        p.files = source;
        return add_children(source, *name, more, false);
    }

    util::Result<std::string, DepsError> package_name(const fs::path& folder,
                                                      const PackageEntry& entry) {
        auto settings = read_project_settings(folder);
        if (!settings) {
            core::Diagnostic d = settings.error();
            d.message = entry.label() + ": " + d.headline();
            d.loc = entry.loc;
            return util::unexpected(input_error(std::move(d)));
        }
        std::string problem = settings->name.empty() ? "the package " + entry.label() +
                                                           " has no dbt_project.yml with a `name`"
                                                     : package_name_problem(settings->name);
        if (!problem.empty()) {
            return util::unexpected(input_error("DP013", entry.loc, problem));
        }
        return settings->name;
    }

    // The package's own packages.yml (or dependencies.yml). A fetched package may not point at
    // folders of this machine: its `local:` entries are refused.
    util::Result<bool, DepsError> add_children(const fs::path& folder, const std::string& name,
                                               std::vector<PackageEntry>& more, bool fetched) {
        auto spec = read_package_spec(folder, m_options.env);
        if (!spec) {
            core::Diagnostic d = spec.error();
            d.loc.file = m_options.install_path + "/" + name + "/" + d.loc.file;
            return util::unexpected(input_error(std::move(d)));
        }
        if (*spec) {
            for (PackageEntry e : (*spec)->packages) {
                e.loc.file = m_options.install_path + "/" + name + "/" + e.loc.file;
                if (fetched && e.kind == PackageKind::Local) {
                    return util::unexpected(input_error("DP026", e.loc,
                                                        "the git package '" + name +
                                                            "' lists a local package ('" + e.local +
                                                            "'): only local packages may"));
                }
                more.push_back(std::move(e));
            }
        }
        return true;
    }

    ResolvedPackage& slot(const std::string& key, const PackageEntry& entry) {
        auto it = m_keys.find(key);
        if (it != m_keys.end()) {
            return m_slots[it->second].package;
        }
        m_keys[key] = m_slots.size();
        m_slots.push_back(Slot{key, ResolvedPackage{"", entry, {}, "", ""}});
        return m_slots.back().package;
    }

    static std::vector<Version> versions_of(const HubPackage& meta) {
        std::vector<Version> out;
        for (const auto& v : meta.versions) {
            out.push_back(v.version);
        }
        return out;
    }

    util::Result<std::vector<ResolvedPackage>, DepsError> finish() {
        std::vector<ResolvedPackage> out;
        std::map<std::string, std::string> by_name;
        for (Slot& s : m_slots) {
            ResolvedPackage p = s.package;
            if (p.entry.kind == PackageKind::Hub) {
                const HubState& state = m_hub[s.key];
                const HubVersion* hv = state.meta->find(*state.chosen);
                p.entry.versions = {state.chosen->str()};
                p.name = hv->name;
                p.tarball = hv->tarball;
                p.sha1 = hv->sha1;
                std::string problem = package_name_problem(p.name);
                if (!problem.empty() || p.tarball.empty()) {
                    return util::unexpected(unavailable(
                        "DP020", "the package hub's metadata of " + p.entry.package + " " +
                                     state.chosen->str() + " has no valid name and tarball URL"));
                }
            }
            auto [it, inserted] = by_name.emplace(p.name, p.entry.label());
            if (!inserted) {
                return util::unexpected(input_error("DP013", p.entry.loc,
                                                    "two packages would install as '" + p.name +
                                                        "': " + it->second + " and " +
                                                        p.entry.label()));
            }
            out.push_back(std::move(p));
        }
        return out;
    }

    const ResolveOptions& m_options;
    std::vector<core::Diagnostic>& m_warnings;
    std::vector<Slot> m_slots;
    std::map<std::string, std::size_t> m_keys;
    std::map<std::string, HubState> m_hub;
    std::map<std::string, std::string> m_git_revision;
};

} // namespace

util::Result<std::vector<ResolvedPackage>, DepsError>
resolve_packages(const std::vector<PackageEntry>& roots, const ResolveOptions& options,
                 std::vector<core::Diagnostic>& warnings) {
    Resolver resolver(options, warnings);
    return resolver.run(roots);
}

} // namespace dpipe::deps
