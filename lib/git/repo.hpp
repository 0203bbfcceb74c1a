#pragma once
// libgit2 adapter. The only place a git_repository* exists; later work (snapshots of a tree,
// diffs, ref transactions) grows here behind the same small interface.

#include <optional>
#include <string>

namespace dpipe::git {

struct RepoInfo {
    std::string workdir;    // absolute, with trailing slash as libgit2 reports it
    std::string branch;     // short name, or "" when HEAD is detached
    std::string head;       // full commit id, or "" for a repository without commits
    bool detached = false;
};

// The repository containing `path`, or nullopt when there is none. Throws nothing: a broken
// repository is reported as `error`.
std::optional<RepoInfo> discover(const std::string& path, std::string* error = nullptr);

// libgit2's version, e.g. "1.5.1".
std::string library_version();

} // namespace dpipe::git
