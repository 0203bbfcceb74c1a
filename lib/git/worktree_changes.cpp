#include "git/worktree_changes.hpp"

#include "git/libgit2.hpp"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace dpipe::git {

namespace {

using detail::ensure_init;
using detail::last_error;

template <typename T, void (*Free)(T*)> struct Owned {
    T* p = nullptr;
    ~Owned() {
        if (p != nullptr) {
            Free(p);
        }
    }
};

GitError broken(std::string what) { return {GitError::Kind::Broken, what + ": " + last_error()}; }

} // namespace

util::Result<WorktreeChanges, GitError> worktree_changes(const std::string& project, const std::string& base) {
    ensure_init();
    if (!base.empty()) {
        if (std::string why = revision_problem(base); !why.empty()) {
            return util::unexpected(GitError{GitError::Kind::BadRevision, why});
        }
    }
    Owned<git_repository, git_repository_free> repo;
    if (git_repository_open_ext(&repo.p, project.c_str(), 0, nullptr) != 0 || git_repository_is_bare(repo.p)) {
        return util::unexpected(GitError{GitError::Kind::NotARepository,
                                  "--changed needs a git repository, and " + project + " is not in one"});
    }
    std::vector<std::string> candidates =
        base.empty() ? std::vector<std::string>{"origin/HEAD", "origin/main", "origin/master", "main", "master"}
                     : std::vector<std::string>{base};
    WorktreeChanges out;
    git_oid base_oid{};
    bool found = false;
    for (const auto& c : candidates) {
        Owned<git_object, git_object_free> obj;
        if (git_revparse_single(&obj.p, repo.p, (c + "^{commit}").c_str()) == 0) {
            git_oid_cpy(&base_oid, git_object_id(obj.p));
            out.base = c;
            found = true;
            break;
        }
    }
    if (!found) {
        return util::unexpected(GitError{GitError::Kind::UnknownRevision,
                                  base.empty() ? "--changed: no default branch to compare with (tried origin/HEAD, "
                                                 "origin/main, origin/master, main, master); name one with --base"
                                               : "--base: unknown revision '" + base + "'"});
    }
    git_oid head_oid{};
    Owned<git_tree, git_tree_free> tree;
    if (git_reference_name_to_id(&head_oid, repo.p, "HEAD") == 0) {
        git_oid mb{};
        if (git_merge_base(&mb, repo.p, &head_oid, &base_oid) != 0) {
            return util::unexpected(GitError{GitError::Kind::UnknownRevision,
                                      "--changed: HEAD and " + out.base + " have no common ancestor"});
        }
        char buf[GIT_OID_HEXSZ + 1];
        git_oid_tostr(buf, sizeof buf, &mb);
        out.merge_base = buf;
        Owned<git_commit, git_commit_free> commit;
        if (git_commit_lookup(&commit.p, repo.p, &mb) != 0 || git_commit_tree(&tree.p, commit.p) != 0) {
            return util::unexpected(broken("cannot read the merge base"));
        }
    }
    git_diff_options opts;
    // The function, not GIT_DIFF_OPTIONS_INIT: the macro leaves fields to zero-initialisation,
    // which clang warns about.
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
    Owned<git_diff, git_diff_free> diff;
    if (git_diff_tree_to_workdir_with_index(&diff.p, repo.p, tree.p, &opts) != 0) {
        return util::unexpected(broken("cannot compare the working tree with " + out.base));
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string workdir = git_repository_workdir(repo.p);
    fs::path rel = fs::weakly_canonical(project, ec).lexically_relative(fs::weakly_canonical(workdir, ec));
    std::string prefix = rel.generic_string();
    if (prefix == ".") {
        prefix.clear();
    }
    if (!prefix.empty() && prefix.back() != '/') {
        prefix += '/';
    }
    for (std::size_t i = 0; i < git_diff_num_deltas(diff.p); ++i) {
        const git_diff_delta* d = git_diff_get_delta(diff.p, i);
        for (const char* p : {d->new_file.path, d->old_file.path}) {
            if (p == nullptr) {
                continue;
            }
            std::string path = p;
            if (path.compare(0, prefix.size(), prefix) == 0) {
                out.files.push_back(path.substr(prefix.size()));
            }
        }
    }
    std::sort(out.files.begin(), out.files.end());
    out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
    return out;
}

} // namespace dpipe::git
