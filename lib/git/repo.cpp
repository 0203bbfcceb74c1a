#include "git/repo.hpp"

#include "git/libgit2.hpp"

#include <git2.h>

#include <memory>

namespace dpipe::git {

using detail::ensure_init;
using detail::last_error;

std::optional<RepoInfo> discover(const std::string& path, std::string* error) {
    ensure_init();
    git_buf root = GIT_BUF_INIT;
    if (git_repository_discover(&root, path.c_str(), 0, nullptr) != 0) {
        git_buf_dispose(&root);
        return std::nullopt;
    }
    git_repository* raw = nullptr;
    int rc = git_repository_open(&raw, root.ptr);
    git_buf_dispose(&root);
    if (rc != 0) {
        if (error) {
            *error = last_error();
        }
        return std::nullopt;
    }
    std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw, &git_repository_free);
    RepoInfo info;
    if (const char* wd = git_repository_workdir(repo.get())) {
        info.workdir = wd;
    }
    info.detached = git_repository_head_detached(repo.get()) == 1;
    git_reference* head = nullptr;
    if (git_repository_head(&head, repo.get()) == 0) {
        if (!info.detached) {
            info.branch = git_reference_shorthand(head);
        }
        if (const git_oid* oid = git_reference_target(head)) {
            char buf[GIT_OID_HEXSZ + 1];
            git_oid_tostr(buf, sizeof buf, oid);
            info.head = buf;
        }
        git_reference_free(head);
    } else {
        // Unborn branch: HEAD names a branch with no commits yet.
        git_reference* sym = nullptr;
        if (git_reference_lookup(&sym, repo.get(), "HEAD") == 0) {
            if (const char* target = git_reference_symbolic_target(sym)) {
                std::string t = target;
                const std::string prefix = "refs/heads/";
                info.branch = t.rfind(prefix, 0) == 0 ? t.substr(prefix.size()) : t;
            }
            git_reference_free(sym);
        }
    }
    return info;
}

std::string library_version() {
    int major = 0, minor = 0, rev = 0;
    git_libgit2_version(&major, &minor, &rev);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(rev);
}

} // namespace dpipe::git
