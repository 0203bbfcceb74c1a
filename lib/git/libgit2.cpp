#include "git/libgit2.hpp"

#include <filesystem>

namespace dpipe::git::detail {

namespace fs = std::filesystem;

namespace {

struct Library {
    Library() { git_libgit2_init(); }
    ~Library() { git_libgit2_shutdown(); }
};

} // namespace

void ensure_init() {
    static Library lib;
}

std::string last_error() {
    const git_error* e = git_error_last();
    return e && e->message ? e->message : "unknown libgit2 error";
}

std::string oid_hex(const git_oid& oid) {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &oid);
    return buf;
}

util::Result<Opened, GitError> open_repository(const std::string& project_dir) {
    ensure_init();
    std::error_code ec;
    fs::path project = fs::weakly_canonical(fs::absolute(project_dir, ec), ec);
    if (ec || project.empty()) {
        return util::unexpected(error(GitError::Kind::NotARepository,
                                      "cannot resolve the folder '" + project_dir + "'"));
    }
    // The folder may be absent from the working tree yet present at the revision.
    fs::path start = project;
    while (!fs::exists(start, ec) && start.has_relative_path()) {
        start = start.parent_path();
    }
    git_buf root = GIT_BUF_INIT;
    if (git_repository_discover(&root, start.c_str(), 0, nullptr) != 0) {
        git_buf_dispose(&root);
        return util::unexpected(error(GitError::Kind::NotARepository,
                                      "no git repository contains '" + project.string() + "'"));
    }
    git_repository* raw = nullptr;
    int rc = git_repository_open(&raw, root.ptr);
    std::string git_dir = root.ptr;
    git_buf_dispose(&root);
    if (rc != 0) {
        return util::unexpected(error(GitError::Kind::Broken, "cannot open the git repository " +
                                                                  git_dir + ": " + last_error()));
    }
    Opened out;
    out.repo.reset(raw);
    const char* wd = git_repository_workdir(raw);
    if (!wd) {
        return util::unexpected(error(GitError::Kind::NotARepository,
                                      "the git repository " + git_dir +
                                          " is bare: it has no work tree to place the project in"));
    }
    fs::path workdir = fs::weakly_canonical(fs::path(wd), ec);
    out.workdir = workdir.string();
    while (out.workdir.size() > 1 && out.workdir.back() == '/') {
        out.workdir.pop_back();
    }
    fs::path rel = project.lexically_relative(fs::path(out.workdir));
    std::string rel_text = rel.generic_string();
    if (rel.empty() || rel_text == ".." || rel_text.rfind("../", 0) == 0) {
        return util::unexpected(
            error(GitError::Kind::NotARepository,
                  "'" + project.string() + "' is outside the work tree " + out.workdir));
    }
    out.project = rel_text == "." ? "" : rel_text;
    return out;
}

util::Result<ObjectPtr, GitError> resolve(git_repository* repo, const std::string& workdir,
                                          const std::string& rev) {
    std::string problem = revision_problem(rev);
    if (!problem.empty()) {
        return util::unexpected(error(GitError::Kind::BadRevision, problem));
    }
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo, rev.c_str()) != 0) {
        if (git_repository_head_unborn(repo) == 1 && rev == "HEAD") {
            return util::unexpected(error(GitError::Kind::UnknownRevision,
                                          "the repository " + workdir + " has no commits yet"));
        }
        return util::unexpected(
            error(GitError::Kind::UnknownRevision, "unknown revision '" + rev + "' in " + workdir));
    }
    ObjectPtr object(raw);
    git_object* commit = nullptr;
    if (git_object_peel(&commit, object.get(), GIT_OBJECT_COMMIT) != 0) {
        return util::unexpected(
            error(GitError::Kind::UnknownRevision,
                  "revision '" + rev + "' in " + workdir + " does not name a commit"));
    }
    return ObjectPtr(commit);
}

} // namespace dpipe::git::detail
