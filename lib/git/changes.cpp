#include "git/changes.hpp"

#include "git/base.hpp"
#include "git/libgit2.hpp"
#include "git/worktree_file.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

namespace dpipe::git {

using detail::Base;
using detail::disk_entry;
using detail::DiskEntry;
using detail::error;
using detail::ObjectPtr;
using detail::oid_hex;
using detail::TreePtr;

namespace {

// As `git diff`: renames at 50% similarity, diff.renameLimit's default.
constexpr std::uint16_t k_similarity_threshold = 50;
constexpr std::size_t k_rename_limit = 1000;

util::Result<TreePtr, GitError> tree_of(git_repository* repo, const git_oid& commit_id) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, &commit_id) != 0) {
        return util::unexpected(
            error(GitError::Kind::Broken,
                  "cannot read the commit " + oid_hex(commit_id) + ": " + detail::last_error()));
    }
    git_tree* tree = nullptr;
    int rc = git_commit_tree(&tree, commit);
    git_commit_free(commit);
    if (rc != 0) {
        return util::unexpected(
            error(GitError::Kind::Broken,
                  "cannot read the tree of " + oid_hex(commit_id) + ": " + detail::last_error()));
    }
    return TreePtr(tree);
}

EntryKind kind_of(std::uint16_t mode) {
    switch (mode) {
    case 0:
        return EntryKind::None;
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return EntryKind::File;
    case GIT_FILEMODE_LINK:
        return EntryKind::Symlink;
    default:
        // Gitlinks, and an untracked nested repository shown as one folder.
        return EntryKind::Submodule;
    }
}

// `path` relative to the project folder, or nullopt when it lies outside.
std::optional<std::string> in_project(const std::string& project, const char* path) {
    if (path == nullptr) {
        return std::nullopt;
    }
    std::string p = path;
    if (project.empty()) {
        return p;
    }
    if (p.size() > project.size() && p.compare(0, project.size(), project) == 0 &&
        p[project.size()] == '/') {
        return p.substr(project.size() + 1);
    }
    return std::nullopt;
}

struct DiffInput {
    git_repository* repo;
    std::string workdir;
    std::string project;
    git_tree* base_tree;
    git_tree* head_tree; // null: the working tree
    bool detect_copies;
};

// libgit2 blends "deleted from the index" with "untracked on disk" into a deletion, but a file
// that is on disk, untracked and not ignored is part of the working tree (`git add -A` would
// commit it). For such a deleted or moved-away `change`, the changes that really happened: the
// arrival at the new path of a move, and the old path if it was modified (none if unchanged).
// nullopt when the old path really is gone.
using Replacement = std::optional<std::vector<FileChange>>;
util::Result<Replacement, GitError> kept_untracked(const DiffInput& in, const char* repo_path,
                                                   const FileChange& change) {
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, in.repo, repo_path) != 0 || ignored == 1) {
        return Replacement();
    }
    auto disk = disk_entry(in.workdir + "/" + repo_path, repo_path);
    if (!disk) {
        return util::unexpected(disk.error());
    }
    if (!*disk) {
        return Replacement();
    }
    std::vector<FileChange> out;
    if (change.status == ChangeStatus::Moved) {
        FileChange arrival = change;
        arrival.status = ChangeStatus::Added;
        arrival.old_path.clear();
        arrival.old_blob_id.clear();
        arrival.old_kind = EntryKind::None;
        arrival.similarity = 0;
        out.push_back(std::move(arrival));
    }
    FileChange stay;
    stay.status = ChangeStatus::Modified;
    stay.old_path = change.old_path;
    stay.new_path = change.old_path;
    stay.old_blob_id = change.old_blob_id;
    stay.old_kind = change.old_kind;
    stay.new_blob_id = (*disk)->id;
    stay.new_kind = (*disk)->kind;
    if (stay.new_blob_id != stay.old_blob_id || stay.new_kind != stay.old_kind) {
        out.push_back(std::move(stay));
    }
    return Replacement(std::move(out));
}

util::Result<std::vector<FileChange>, GitError> diff(const DiffInput& in) {
    // The init functions, not the INIT macros, which leave fields to the compiler's zeroing.
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
    opts.ignore_submodules = GIT_SUBMODULE_IGNORE_DIRTY;
    std::string spec = in.project;
    char* specs[] = {spec.data()};
    if (!in.project.empty()) {
        // A literal folder, not a pattern: project names may hold '*' or '['.
        opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
        opts.pathspec.strings = specs;
        opts.pathspec.count = 1;
    }
    git_diff* raw = nullptr;
    int rc = 0;
    if (in.head_tree != nullptr) {
        rc = git_diff_tree_to_tree(&raw, in.repo, in.base_tree, in.head_tree, &opts);
    } else {
        opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
        rc = git_diff_tree_to_workdir_with_index(&raw, in.repo, in.base_tree, &opts);
    }
    if (rc != 0) {
        return util::unexpected(
            error(GitError::Kind::Broken,
                  "cannot compare the trees in " + in.workdir + ": " + detail::last_error()));
    }
    detail::DiffPtr changes(raw);
    git_diff_find_options find;
    git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
    find.flags = GIT_DIFF_FIND_RENAMES;
    if (in.detect_copies) {
        find.flags |= GIT_DIFF_FIND_COPIES;
    }
    if (in.head_tree == nullptr) {
        find.flags |= GIT_DIFF_FIND_FOR_UNTRACKED;
    }
    find.rename_threshold = k_similarity_threshold;
    find.copy_threshold = k_similarity_threshold;
    find.rename_limit = k_rename_limit;
    if (git_diff_find_similar(changes.get(), &find) != 0) {
        return util::unexpected(
            error(GitError::Kind::Broken,
                  "cannot detect renames in " + in.workdir + ": " + detail::last_error()));
    }

    const bool working_tree = in.head_tree == nullptr;
    std::vector<FileChange> out;
    std::size_t count = git_diff_num_deltas(changes.get());
    for (std::size_t i = 0; i < count; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(changes.get(), i);
        FileChange change;
        switch (delta->status) {
        case GIT_DELTA_ADDED:
        case GIT_DELTA_UNTRACKED:
            change.status = ChangeStatus::Added;
            break;
        case GIT_DELTA_DELETED:
            change.status = ChangeStatus::Deleted;
            break;
        case GIT_DELTA_RENAMED:
            change.status = ChangeStatus::Moved;
            break;
        case GIT_DELTA_COPIED:
            change.status = ChangeStatus::Copied;
            break;
        case GIT_DELTA_UNMODIFIED:
        case GIT_DELTA_IGNORED:
            continue;
        default: // modified, type change, conflicted, unreadable
            change.status = ChangeStatus::Modified;
            break;
        }
        bool has_old = change.status != ChangeStatus::Added;
        bool has_new = change.status != ChangeStatus::Deleted;
        auto old_path = has_old ? in_project(in.project, delta->old_file.path) : std::nullopt;
        auto new_path = has_new ? in_project(in.project, delta->new_file.path) : std::nullopt;
        // The pathspec keeps both sides inside; should one still fall outside, the change is an
        // arrival or a departure as seen from the project.
        if (!old_path && !new_path) {
            continue;
        }
        if (!old_path && has_old) {
            change.status = ChangeStatus::Added;
            has_old = false;
        }
        if (!new_path && has_new) {
            change.status = ChangeStatus::Deleted;
            has_new = false;
        }
        if (has_old) {
            change.old_path = *old_path;
            change.old_kind = kind_of(delta->old_file.mode);
            change.old_blob_id = oid_hex(delta->old_file.id);
        }
        if (has_new) {
            change.new_path = *new_path;
            change.new_kind = kind_of(delta->new_file.mode);
            if (working_tree && change.new_kind != EntryKind::Submodule) {
                auto disk =
                    disk_entry(in.workdir + "/" + delta->new_file.path, delta->new_file.path);
                if (!disk) {
                    return util::unexpected(disk.error());
                }
                if (!*disk) {
                    return util::unexpected(detail::unreadable(
                        delta->new_file.path, "it was removed while being compared"));
                }
                change.new_kind = (*disk)->kind;
                change.new_blob_id = std::move((*disk)->id);
            } else if (!git_oid_is_zero(&delta->new_file.id)) {
                change.new_blob_id = oid_hex(delta->new_file.id);
            }
        }
        if (change.status == ChangeStatus::Moved || change.status == ChangeStatus::Copied) {
            change.similarity = static_cast<int>(delta->similarity);
        }
        // A mode change alone (the executable bit), or libgit2's blend of a staged edit that the
        // disk has since undone: nothing dpipe reads changed.
        if (change.status == ChangeStatus::Modified && change.old_blob_id == change.new_blob_id &&
            change.old_kind == change.new_kind) {
            continue;
        }
        if (working_tree &&
            (change.status == ChangeStatus::Deleted || change.status == ChangeStatus::Moved)) {
            auto kept = kept_untracked(in, delta->old_file.path, change);
            if (!kept) {
                return util::unexpected(kept.error());
            }
            if (*kept) {
                std::move((*kept)->begin(), (*kept)->end(), std::back_inserter(out));
                continue;
            }
        }
        out.push_back(std::move(change));
    }
    std::sort(out.begin(), out.end(), [](const FileChange& a, const FileChange& b) {
        if (a.path() != b.path()) {
            return a.path() < b.path();
        }
        return a.old_path < b.old_path;
    });
    return out;
}

} // namespace

const char* to_string(ChangeStatus status) {
    switch (status) {
    case ChangeStatus::Added:
        return "added";
    case ChangeStatus::Deleted:
        return "deleted";
    case ChangeStatus::Modified:
        return "modified";
    case ChangeStatus::Moved:
        return "moved";
    case ChangeStatus::Copied:
        return "copied";
    }
    return "modified";
}

util::Result<ChangeSet, GitError> find_changes(const ChangeRequest& request) {
    // Refuse bad text before anything touches the disk or git.
    for (const std::string* rev : {&request.base, &request.head}) {
        if (!rev->empty()) {
            std::string problem = revision_problem(*rev);
            if (!problem.empty()) {
                return util::unexpected(error(GitError::Kind::BadRevision, problem));
            }
        }
    }
    auto opened = detail::open_repository(request.project_dir);
    if (!opened) {
        return util::unexpected(opened.error());
    }
    git_repository* repo = opened->repo.get();
    const std::string& workdir = opened->workdir;

    ChangeSet set;
    set.repository = workdir;
    set.project_path = opened->project;
    set.project_dir = opened->project.empty() ? workdir : workdir + "/" + opened->project;
    set.head_ref = request.head;
    set.working_tree = request.head.empty();

    std::string head_name = set.working_tree ? "HEAD" : request.head;
    auto head = detail::resolve(repo, workdir, head_name);
    if (!head) {
        return util::unexpected(head.error());
    }
    git_oid head_id = *git_object_id(head->get());
    set.head_commit = oid_hex(head_id);

    Base base;
    if (!request.base.empty()) {
        auto commit = detail::resolve(repo, workdir, request.base);
        if (!commit) {
            return util::unexpected(commit.error());
        }
        base = Base{request.base, std::move(*commit)};
    } else {
        if (git_repository_is_shallow(repo) == 1) {
            return util::unexpected(
                error(GitError::Kind::ShallowHistory,
                      workdir +
                          " is a shallow clone: the history to find the merge base with the "
                          "default branch is missing; " +
                          detail::k_history_fix));
        }
        auto chosen = detail::default_branch(repo, workdir);
        if (!chosen) {
            return util::unexpected(chosen.error());
        }
        base = std::move(*chosen);
    }
    set.base_ref = base.ref;
    set.base_tip = oid_hex(*git_object_id(base.commit.get()));

    auto merged = detail::merge_base(repo, workdir, base, head_id, head_name);
    if (!merged) {
        return util::unexpected(merged.error());
    }
    set.base_commit = oid_hex(*merged);

    auto base_tree = tree_of(repo, *merged);
    if (!base_tree) {
        return util::unexpected(base_tree.error());
    }
    TreePtr head_tree;
    if (!set.working_tree) {
        auto tree = tree_of(repo, head_id);
        if (!tree) {
            return util::unexpected(tree.error());
        }
        head_tree = std::move(*tree);
    }
    auto changes = diff(DiffInput{repo, workdir, opened->project, base_tree->get(), head_tree.get(),
                                  request.detect_copies});
    if (!changes) {
        return util::unexpected(changes.error());
    }
    set.changes = std::move(*changes);
    return set;
}

util::Result<std::unique_ptr<GitTreeSource>, GitError> open_base_source(const ChangeSet& changes) {
    return open_tree_source(changes.project_dir, changes.base_commit);
}

util::Result<std::unique_ptr<util::FileSource>, GitError>
open_head_source(const ChangeSet& changes) {
    if (changes.working_tree) {
        return std::unique_ptr<util::FileSource>(
            std::make_unique<util::WorktreeSource>(changes.project_dir));
    }
    auto tree = open_tree_source(changes.project_dir, changes.head_commit);
    if (!tree) {
        return util::unexpected(tree.error());
    }
    return std::unique_ptr<util::FileSource>(std::move(*tree));
}

} // namespace dpipe::git
