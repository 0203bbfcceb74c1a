#include "git/clone.hpp"

#include "git/libgit2.hpp"
#include "util/strings.hpp"

#include <filesystem>
#include <fstream>

namespace dpipe::git {

namespace fs = std::filesystem;
using detail::error;

namespace {

// Removes the scratch clone however clone_revision returns.
struct ScratchGuard {
    fs::path path;
    ~ScratchGuard() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

bool plain_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find('/') == std::string_view::npos && name.find('\\') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

// "a/b/c": relative, plain components only.
bool plain_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/') {
        return false;
    }
    for (std::string_view part : util::split(path, '/')) {
        if (!plain_name(part)) {
            return false;
        }
    }
    return true;
}

bool hex_id(std::string_view s) {
    if (s.size() < 4 || s.size() > GIT_OID_HEXSZ) {
        return false;
    }
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

struct Writer {
    git_repository* repo;
    const CloneRequest& req;
    std::uint64_t bytes = 0;
    std::uint64_t files = 0;
    std::string failure;

    bool write_tree(const git_tree* tree, const fs::path& dir) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            failure = "cannot create " + dir.string() + ": " + ec.message();
            return false;
        }
        std::size_t n = git_tree_entrycount(tree);
        for (std::size_t i = 0; i < n; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
            std::string name = git_tree_entry_name(entry);
            if (!plain_name(name)) {
                failure = "the repository holds an unsafe path '" + name + "'";
                return false;
            }
            if (util::iequals(name, ".git")) {
                continue;
            }
            git_filemode_t mode = git_tree_entry_filemode(entry);
            if (mode == GIT_FILEMODE_TREE) {
                git_object* raw = nullptr;
                if (git_tree_entry_to_object(&raw, repo, entry) != 0) {
                    failure = detail::last_error();
                    return false;
                }
                detail::TreePtr sub(reinterpret_cast<git_tree*>(raw));
                if (!write_tree(sub.get(), dir / name)) {
                    return false;
                }
            } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
                if (!write_blob(entry, dir / name, mode == GIT_FILEMODE_BLOB_EXECUTABLE)) {
                    return false;
                }
            }
            // Symbolic links and submodules are skipped: a link could point outside the package.
        }
        return true;
    }

    bool write_blob(const git_tree_entry* entry, const fs::path& path, bool executable) {
        git_blob* raw = nullptr;
        if (git_blob_lookup(&raw, repo, git_tree_entry_id(entry)) != 0) {
            failure = detail::last_error();
            return false;
        }
        detail::BlobPtr blob(raw);
        auto size = static_cast<std::uint64_t>(git_blob_rawsize(blob.get()));
        bytes += size;
        files += 1;
        if (bytes > req.max_total_bytes || files > req.max_files) {
            failure = "the package exceeds the limit of " + std::to_string(req.max_total_bytes) +
                      " bytes or " + std::to_string(req.max_files) + " files";
            return false;
        }
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<std::streamsize>(size));
        out.close();
        if (!out) {
            failure = "cannot write " + path.string();
            return false;
        }
        if (executable) {
            std::error_code ec;
            fs::permissions(path,
                            fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                            fs::perm_options::add, ec);
        }
        return true;
    }
};

// The commit a branch, tag or commit id names, in that order.
util::Result<detail::ObjectPtr, GitError> find_commit(git_repository* repo, const std::string& rev,
                                                      const std::string& url, bool* is_commit) {
    std::vector<std::string> candidates;
    if (rev.empty()) {
        candidates = {"HEAD"};
    } else {
        candidates = {"refs/remotes/origin/" + rev, "refs/tags/" + rev};
        if (hex_id(rev)) {
            candidates.push_back(rev);
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        git_object* raw = nullptr;
        if (git_revparse_single(&raw, repo, candidates[i].c_str()) != 0) {
            continue;
        }
        detail::ObjectPtr object(raw);
        git_object* commit = nullptr;
        if (git_object_peel(&commit, object.get(), GIT_OBJECT_COMMIT) != 0) {
            continue;
        }
        *is_commit = !rev.empty() && i == candidates.size() - 1 && hex_id(rev);
        return detail::ObjectPtr(commit);
    }
    std::string what = rev.empty() ? "a default branch" : "a branch, tag or commit '" + rev + "'";
    return util::unexpected(error(GitError::Kind::UnknownRevision, url + " has no " + what));
}

} // namespace

util::Result<CloneResult, GitError> clone_revision(const CloneRequest& request) {
    detail::ensure_init();
    if (!request.revision.empty()) {
        std::string problem = revision_problem(request.revision);
        if (!problem.empty()) {
            return util::unexpected(error(GitError::Kind::BadRevision, problem));
        }
    }
    if (!request.subdirectory.empty() && !plain_relative_path(request.subdirectory)) {
        return util::unexpected(error(GitError::Kind::BadRevision,
                                      "the subdirectory '" + request.subdirectory +
                                          "' is not a relative path inside the repository"));
    }
    ScratchGuard guard{request.scratch};
    git_clone_options options;
    git_clone_options_init(&options, GIT_CLONE_OPTIONS_VERSION);
    options.bare = 1;
    git_repository* raw = nullptr;
    if (git_clone(&raw, request.url.c_str(), request.scratch.c_str(), &options) != 0) {
        return util::unexpected(error(GitError::Kind::Broken,
                                      "cannot clone " + request.url + ": " + detail::last_error()));
    }
    detail::RepoPtr repo(raw);
    CloneResult result;
    auto commit =
        find_commit(repo.get(), request.revision, request.url, &result.revision_is_commit);
    if (!commit) {
        return util::unexpected(commit.error());
    }
    result.commit = detail::oid_hex(*git_object_id(commit->get()));
    git_tree* tree_raw = nullptr;
    if (git_commit_tree(&tree_raw, reinterpret_cast<git_commit*>(commit->get())) != 0) {
        return util::unexpected(error(GitError::Kind::Broken, detail::last_error()));
    }
    detail::TreePtr tree(tree_raw);
    if (!request.subdirectory.empty()) {
        git_tree_entry* entry_raw = nullptr;
        if (git_tree_entry_bypath(&entry_raw, tree.get(), request.subdirectory.c_str()) != 0) {
            return util::unexpected(
                error(GitError::Kind::NoProject, "the subdirectory '" + request.subdirectory +
                                                     "' does not exist in " + request.url + " at " +
                                                     result.commit.substr(0, 12)));
        }
        detail::EntryPtr entry(entry_raw);
        if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
            return util::unexpected(
                error(GitError::Kind::NoProject,
                      "'" + request.subdirectory + "' in " + request.url + " is not a folder"));
        }
        git_object* sub = nullptr;
        if (git_tree_entry_to_object(&sub, repo.get(), entry.get()) != 0) {
            return util::unexpected(error(GitError::Kind::Broken, detail::last_error()));
        }
        tree.reset(reinterpret_cast<git_tree*>(sub));
    }
    Writer writer{repo.get(), request, 0, 0, {}};
    if (!writer.write_tree(tree.get(), request.destination)) {
        return util::unexpected(error(GitError::Kind::Broken,
                                      "cannot write " + request.url + " out: " + writer.failure));
    }
    return result;
}

} // namespace dpipe::git
