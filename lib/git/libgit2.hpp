#pragma once
// Internal to lib/git (included by .cpp files only): libgit2 set-up and error text, owning
// handles for libgit2 objects, and opening the repository of a project folder.

#include "git/error.hpp"
#include "util/result.hpp"

#include <git2.h>

#include <memory>
#include <string>

namespace dpipe::git::detail {

// Initializes libgit2 once per process (thread-safe); it is shut down at exit.
void ensure_init();

// The message of libgit2's last error on this thread, or a generic one.
std::string last_error();

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;

inline GitError error(GitError::Kind kind, std::string message) {
    return GitError{kind, std::move(message)};
}

// 40 lower-case hex digits.
std::string oid_hex(const git_oid& oid);

// A repository opened for a project folder.
struct Opened {
    RepoPtr repo;
    std::string workdir; // canonical, no trailing slash
    std::string project; // relative to workdir, "" at the top
};

// Opens the repository containing `project_dir`, searched upward from it (or from its nearest
// existing parent when it does not exist on disk). Linked worktrees open as themselves (their
// own HEAD, index and work tree). Bare repositories and folders outside the work tree are
// NotARepository.
util::Result<Opened, GitError> open_repository(const std::string& project_dir);

// The commit `rev` names, after revision_problem() accepted it.
util::Result<ObjectPtr, GitError> resolve(git_repository* repo, const std::string& workdir,
                                          const std::string& rev);

} // namespace dpipe::git::detail
