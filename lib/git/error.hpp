#pragma once
// The one error type of lib/git, and the check every revision string passes before libgit2
// sees it.

#include <string>
#include <string_view>

namespace dpipe::git {

struct GitError {
    enum class Kind {
        NotARepository,  // no repository contains the project folder, or it has no work tree
        BadRevision,     // the revision text was refused before asking git (see revision_problem)
        UnknownRevision, // git does not know it, or it names no commit
        NoProject,       // the project folder does not exist at that revision
        Broken,          // the repository or an object could not be read
        NoBase,          // no --base and no default branch (origin/HEAD, main, master) to use
        ShallowHistory,  // the history needed for the merge base is not in this (shallow) clone
        NoMergeBase,     // base and head share no history at all
    };
    Kind kind = Kind::Broken;
    std::string message; // complete sentence for the user, naming the revision or folder
};

// Why `rev` is refused before it reaches git, or "" when it is acceptable: it is empty, longer
// than 256 bytes, starts with '-' (would read as an option), holds whitespace or control
// characters, or contains ".." (a range, not one revision).
std::string revision_problem(std::string_view rev);

} // namespace dpipe::git
