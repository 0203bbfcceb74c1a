#pragma once
// What `--changed` lints: the files that differ between the merge base of HEAD and a base
// revision, and the working tree (committed since the merge base, staged, unstaged, and
// untracked files that are not ignored). A small stand-in until a shared change-set API exists.

#include "git/tree_source.hpp"
#include "util/result.hpp"

#include <string>
#include <vector>

namespace dpipe::git {

struct WorktreeChanges {
    std::string base;      // the revision compared with, as resolved ("origin/main")
    std::string merge_base; // full commit id
    // Touched paths relative to `project` (the folder given), sorted; paths outside it are left out.
    std::vector<std::string> files;
};

// `project` is an absolute folder inside a repository's work tree. `base` "" picks the first of
// origin/HEAD, origin/main, origin/master, main, master that exists. Deleted files are listed
// too (their findings cannot exist, so they select nothing).
util::Result<WorktreeChanges, GitError> worktree_changes(const std::string& project, const std::string& base);

} // namespace dpipe::git
