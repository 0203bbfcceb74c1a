#include "deps/install.hpp"

#include "deps/archive.hpp"
#include "deps/hub.hpp"
#include "deps/lock.hpp"
#include "deps/resolve.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace dpipe::deps {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_stage_prefix = ".dpipe-deps-";

// Removes the staging folder however install_packages returns.
struct StageGuard {
    fs::path path;
    ~StageGuard() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

DepsError fs_error(const std::string& message) {
    return input_error("DP040", core::SourceLoc{}, message);
}

struct CopyBudget {
    std::uint64_t bytes = 0;
    std::uint64_t files = 0;
    std::uint64_t max_bytes;
};

// Copies a local package: folders and regular files; symbolic links, `.git`, build output and
// installed packages are left out (and so is a staging folder of ours, should the package be
// the project itself).
util::Result<bool, std::string> copy_tree(const fs::path& from, const fs::path& to,
                                          CopyBudget& budget, int depth) {
    static const std::vector<std::string> k_skip = {".git", "target", "logs", "dbt_packages",
                                                    "dbt_modules"};
    std::error_code ec;
    if (depth > 64) {
        return util::unexpected("folders nested deeper than 64 levels in " + from.string());
    }
    fs::create_directories(to, ec);
    if (ec) {
        return util::unexpected("cannot create " + to.string() + ": " + ec.message());
    }
    for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (std::find(k_skip.begin(), k_skip.end(), name) != k_skip.end() ||
            name.rfind(k_stage_prefix, 0) == 0) {
            continue;
        }
        fs::file_status st = it->symlink_status(ec);
        if (fs::is_directory(st)) {
            auto r = copy_tree(it->path(), to / name, budget, depth + 1);
            if (!r) {
                return r;
            }
        } else if (fs::is_regular_file(st)) {
            budget.bytes += it->file_size(ec);
            budget.files += 1;
            if (budget.bytes > budget.max_bytes || budget.files > 100'000) {
                return util::unexpected(from.string() + " is larger than the limit of " +
                                        std::to_string(budget.max_bytes) +
                                        " bytes or 100000 files");
            }
            fs::copy_file(it->path(), to / name, fs::copy_options::overwrite_existing, ec);
            if (ec) {
                return util::unexpected("cannot copy " + it->path().string() + ": " + ec.message());
            }
        }
    }
    if (ec) {
        return util::unexpected("cannot read " + from.string() + ": " + ec.message());
    }
    return true;
}

// The folder of an extracted tarball that holds the package: its top folder when the archive has
// exactly one (GitHub's "owner-repo-sha/"), else the extraction folder itself.
fs::path package_root(const fs::path& extracted) {
    std::error_code ec;
    if (fs::exists(extracted / "dbt_project.yml", ec)) {
        return extracted;
    }
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(extracted, ec), end; !ec && it != end; it.increment(ec)) {
        entries.push_back(it->path());
    }
    if (entries.size() == 1 && fs::is_directory(fs::symlink_status(entries[0], ec))) {
        return entries[0];
    }
    return extracted;
}

util::Result<bool, DepsError> fetch_hub(const ResolvedPackage& p, Hub& hub, const fs::path& work,
                                        const fs::path& dest, const DepsRequest& request) {
    auto body = hub.download(p.tarball, request.max_download_bytes);
    if (!body) {
        return util::unexpected(body.error());
    }
    std::string version = p.entry.versions.front();
    if (!p.sha1.empty() && !util::iequals(util::sha1_hex(*body), p.sha1)) {
        return util::unexpected(
            unavailable("DP024", "the tarball of " + p.entry.package + " " + version +
                                     " does not match the hub's SHA-1 (download corrupted?)"));
    }
    ArchiveLimits limits;
    limits.max_total_bytes = request.max_package_bytes;
    auto extracted = extract_tar_gz(*body, work, limits);
    if (!extracted) {
        return util::unexpected(input_error("DP025", p.entry.loc,
                                            "the tarball of " + p.entry.package + " " + version +
                                                " is refused: " + extracted.error()));
    }
    std::error_code ec;
    fs::rename(package_root(work), dest, ec);
    if (ec) {
        return util::unexpected(
            fs_error("cannot move " + p.entry.package + " into place: " + ec.message()));
    }
    return true;
}

// Replaces `target` by `fresh`; the old folder goes to `old` first and comes back on failure.
util::Result<bool, DepsError> swap_into_place(const fs::path& fresh, const fs::path& target,
                                              const fs::path& old) {
    std::error_code ec;
    bool had_old = fs::exists(fs::symlink_status(target, ec));
    if (had_old) {
        fs::rename(target, old, ec);
        if (ec) {
            return util::unexpected(
                fs_error("cannot move " + target.string() + " aside: " + ec.message()));
        }
    }
    fs::create_directories(target.parent_path(), ec);
    fs::rename(fresh, target, ec);
    if (ec) {
        std::string why = ec.message();
        if (had_old) {
            fs::rename(old, target, ec);
        }
        return util::unexpected(
            fs_error("cannot move the new packages to " + target.string() + ": " + why));
    }
    return true;
}

// Staging folders left by runs that were killed (their process is gone) are removed.
void remove_stale_stages(const fs::path& parent) {
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind(k_stage_prefix, 0) != 0) {
            continue;
        }
        std::string digits = name.substr(k_stage_prefix.size());
        if (digits.empty() || digits.size() > 9 ||
            digits.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        pid_t pid = static_cast<pid_t>(std::stol(digits));
        if (::kill(pid, 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

std::vector<PackageEntry> lock_entries(const LockFile& lock) {
    std::vector<PackageEntry> out;
    for (const auto& p : lock.packages) {
        out.push_back(p.entry);
    }
    return out;
}

} // namespace

util::Result<DepsResult, DepsError> install_packages(const DepsRequest& request) {
    DepsResult result;
    auto settings = read_project_settings(request.project_dir);
    if (!settings) {
        return util::unexpected(input_error(settings.error()));
    }
    result.install_path = settings->install_path;
    auto spec = read_package_spec(request.project_dir, request.env);
    if (!spec) {
        return util::unexpected(input_error(spec.error()));
    }
    if (!*spec) {
        return result;
    }
    result.spec_file = (*spec)->file;
    result.spec_text = (*spec)->text;
    if ((*spec)->packages.empty()) {
        return result; // as dbt: nothing listed, nothing touched
    }
    std::string hash = spec_hash(**spec);

    // The lock, when it still describes this spec.
    std::optional<LockFile> lock;
    fs::path lock_path = request.project_dir / k_lock_file;
    std::error_code ec;
    if (!request.upgrade && fs::is_regular_file(lock_path, ec)) {
        auto text = util::read_file(lock_path, 1 << 20);
        if (!text) {
            return util::unexpected(fs_error(text.error().message));
        }
        auto parsed = parse_lock(*text, request.env);
        if (!parsed) {
            return util::unexpected(parsed.error());
        }
        if (parsed->sha1_hash == hash) {
            lock = std::move(*parsed);
        }
    }
    result.from_lock = lock.has_value();

    fs::path target = request.project_dir / settings->install_path;
    fs::path stage =
        target.parent_path() / (std::string(k_stage_prefix) + std::to_string(::getpid()));
    remove_stale_stages(target.parent_path());
    fs::remove_all(stage, ec);
    StageGuard guard{stage};
    fs::path work = stage / "work";
    fs::path fresh = stage / "new";
    fs::create_directories(work, ec);
    fs::create_directories(fresh, ec);
    if (ec) {
        return util::unexpected(fs_error("cannot create " + stage.string() + ": " + ec.message()));
    }

    std::unique_ptr<Hub> hub;
    if (request.http != nullptr) {
        hub = std::make_unique<Hub>(*request.http, hub_url(request.env));
    }
    ResolveOptions options;
    options.project_dir = request.project_dir;
    options.install_path = settings->install_path;
    options.work_dir = work;
    options.hub = hub.get();
    options.env = request.env;
    options.transitive = !lock.has_value();
    auto resolved =
        resolve_packages(lock ? lock_entries(*lock) : (*spec)->packages, options, result.warnings);
    if (!resolved) {
        return util::unexpected(resolved.error());
    }

    if (!request.lock_only) {
        std::size_t n = 0;
        for (const ResolvedPackage& p : *resolved) {
            fs::path dest = fresh / p.name;
            if (p.entry.kind == PackageKind::Hub) {
                auto fetched =
                    fetch_hub(p, *hub, work / ("hub-" + std::to_string(++n)), dest, request);
                if (!fetched) {
                    return util::unexpected(fetched.error());
                }
            } else if (p.entry.kind == PackageKind::Git) {
                fs::rename(p.files, dest, ec);
                if (ec) {
                    return util::unexpected(
                        fs_error("cannot move " + p.name + " into place: " + ec.message()));
                }
            } else {
                CopyBudget budget{0, 0, request.max_package_bytes};
                auto copied = copy_tree(p.files, dest, budget, 0);
                if (!copied) {
                    return util::unexpected(fs_error(copied.error()));
                }
            }
        }
        auto swapped = swap_into_place(fresh, target, stage / "old");
        if (!swapped) {
            return util::unexpected(swapped.error());
        }
    }

    for (const ResolvedPackage& p : *resolved) {
        InstalledPackage out{p.name, p.entry.kind, p.entry.label(), ""};
        if (p.entry.kind == PackageKind::Hub) {
            out.version = p.entry.versions.front();
        } else if (p.entry.kind == PackageKind::Git) {
            out.source = p.entry.git_unrendered;
            out.version = p.entry.revision;
        }
        result.packages.push_back(std::move(out));
    }
    if (!lock) {
        LockFile written;
        written.sha1_hash = hash;
        for (const ResolvedPackage& p : *resolved) {
            written.packages.push_back(LockedPackage{p.name, p.entry});
        }
        auto ok = util::write_file_atomic(lock_path, render_lock(written));
        if (!ok) {
            return util::unexpected(fs_error(ok.error().message));
        }
        result.lock_written = true;
    }
    return result;
}

} // namespace dpipe::deps
