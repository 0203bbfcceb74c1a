#pragma once
// Internal to lib/git: which commit a change set is measured from (see changes.hpp).

#include "git/error.hpp"
#include "git/libgit2.hpp"
#include "util/result.hpp"

#include <string>

namespace dpipe::git::detail {

// The fix named by every ShallowHistory error.
extern const char* const k_history_fix;

// The base ref chosen and the commit it names.
struct Base {
    std::string ref; // as shown to the user: the --base text, "origin/main", "main", ...
    ObjectPtr commit;
};

// The target of origin/HEAD, else the local main, else master; NoBase (saying --base is
// required) when there is none.
util::Result<Base, GitError> default_branch(git_repository* repo, const std::string& workdir);

// The merge base of base.commit and `head` (named `head_name` in messages). In a shallow clone
// it is looked for among the commits the clone has (ShallowHistory when none is shared);
// otherwise libgit2 finds it (NoMergeBase for unrelated histories).
util::Result<git_oid, GitError> merge_base(git_repository* repo, const std::string& workdir,
                                           const Base& base, const git_oid& head,
                                           const std::string& head_name);

} // namespace dpipe::git::detail
