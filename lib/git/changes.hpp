#pragma once
// What changed in a project between a base and a head, as git sees it: the input of `dpipe plan`,
// `lint --changed` and `test --changed`. Read from git objects and the working tree through
// libgit2 (no git process, no checkout).
//
// Base and head:
//   - head is a revision (`--head REF`, the CI case) or, when none is given, the working tree
//     (the pre-commit case): committed, staged and unstaged edits and untracked files that are
//     not ignored, i.e. what `git add -A` would commit. The disk decides: a file dropped from
//     the index but still on disk (`git rm --cached`) is there, one staged then deleted is not.
//     An untracked nested repository (its own .git) is not looked into.
//   - base is the merge base of the base ref and head's commit (HEAD in working-tree mode), as
//     `git diff BASE...HEAD` takes it, so a branch rebased onto a main that moved on shows only
//     its own changes. The base ref is `--base REF` when given; otherwise the default branch:
//     the target of `origin/HEAD`, else `origin/main`, `origin/master`, the local `main`,
//     `master`, else NoBase (the message says `--base` is required).
//   - Shallow clones: without `--base`, a shallow repository is refused (ShallowHistory), since
//     the default branch's history is usually what is missing; with `--base`, the merge base is
//     looked for among the commits the clone has and ShallowHistory is returned only when
//     none is shared. Both messages name the fix: fetch the history (actions/checkout with
//     fetch-depth: 0) or pass --base with a fetched ref.
//
// The project folder may be the repository's work tree, any folder inside it (a project in a
// monorepo) or a linked worktree (`git worktree add`); only changes inside the project folder
// are listed, with paths relative to it (the paths its FileSources use). Renames are found as
// `git diff` finds them (libgit2 similarity, 50% threshold), also between a deleted file and an
// untracked one in working-tree mode; a file moved into the project from outside it is Added.
//
// Loading both snapshots (e.g. for plan):
//   auto changes = git::find_changes({project_dir, base, head});
//   auto base_source = git::open_base_source(*changes); // GitTreeSource at changes->base_commit
//   auto head_source = git::open_head_source(*changes); // WorktreeSource, or GitTreeSource at
//                                                        // changes->head_commit with --head
// Blob ids in a ChangeSet match the ids those sources give for the same files.

#include "git/error.hpp"
#include "git/tree_source.hpp"
#include "util/file_source.hpp"
#include "util/result.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dpipe::git {

struct ChangeRequest {
    std::string project_dir;    // the project folder (absolute or relative to the current folder)
    std::string base;           // `--base REF`, or "" for the default branch
    std::string head;           // `--head REF`, or "" for the working tree
    bool detect_copies = false; // also report Copied (git diff -C); off as in `git diff`
};

enum class ChangeStatus {
    Added,    // only new_path
    Deleted,  // only old_path
    Modified, // content or kind (file <-> symlink) changed; old_path == new_path. A change of
              // the executable bit alone is not listed: it changes nothing a project reads.
    Moved,    // renamed, possibly with edits (similarity < 100)
    Copied,   // only with detect_copies: new_path is a copy of old_path, which stays
};

// What a path is on one side; None on the side where it does not exist.
enum class EntryKind { None, File, Symlink, Submodule };

struct FileChange {
    ChangeStatus status = ChangeStatus::Modified;
    std::string old_path;    // relative to the project folder; "" for Added
    std::string new_path;    // relative to the project folder; "" for Deleted
    std::string old_blob_id; // 40 hex digits; "" for Added
    // 40 hex digits; "" for Deleted. For a working-tree file, the blob id of its bytes on disk
    // (util::git_blob_id, as util::WorktreeSource gives it; for a symlink, of its target text).
    // A submodule's id is its commit id.
    std::string new_blob_id;
    EntryKind old_kind = EntryKind::None;
    EntryKind new_kind = EntryKind::None;
    int similarity = 0; // 0..100 for Moved and Copied (100: same content); 0 otherwise

    // The path in head, or the old path for a deletion: the first sort key.
    const std::string& path() const { return new_path.empty() ? old_path : new_path; }
};

struct ChangeSet {
    std::string project_dir;  // absolute, as opened (use it to open sources)
    std::string repository;   // absolute work tree (of the linked worktree, if it is one)
    std::string project_path; // project folder relative to the work tree, "" at the top
    std::string base_ref;     // what base was taken from: "--base" text, or e.g. "origin/main"
    std::string base_tip;     // full id of the commit base_ref names
    std::string base_commit;  // full id of the merge base: the commit compared against
    std::string head_ref;     // "--head" text, or "" for the working tree
    std::string head_commit;  // full id of head's commit (HEAD in working-tree mode)
    bool working_tree = true; // head is the working tree
    // Sorted by path(), then old_path; one entry per changed path.
    std::vector<FileChange> changes;
};

// Opens the repository containing request.project_dir, resolves base and head, computes the
// merge base and lists the changes inside the project folder. Errors: NotARepository,
// BadRevision (checked by revision_problem before git sees the text), UnknownRevision (also
// for an unborn HEAD), NoBase, ShallowHistory, NoMergeBase, Broken.
util::Result<ChangeSet, GitError> find_changes(const ChangeRequest& request);

// The project as it is at changes.base_commit (the merge base). NoProject when the project
// folder did not exist there (every file is then Added; an empty util::MemorySource stands in).
util::Result<std::unique_ptr<GitTreeSource>, GitError> open_base_source(const ChangeSet& changes);

// The project as it is in head: a util::WorktreeSource over changes.project_dir in working-tree
// mode, else the GitTreeSource at changes.head_commit. Note that a WorktreeSource also lists
// files git ignores, which never appear in `changes`.
util::Result<std::unique_ptr<util::FileSource>, GitError>
open_head_source(const ChangeSet& changes);

// "added", "deleted", "modified", "moved", "copied".
const char* to_string(ChangeStatus status);

} // namespace dpipe::git
