#include "git/tree_source.hpp"

#include "git/libgit2.hpp"
#include "util/source_paths.hpp"
#include "util/strings.hpp"

#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dpipe::git {

using detail::EntryPtr;
using detail::error;
using detail::ObjectPtr;
using detail::oid_hex;
using detail::OdbPtr;
using detail::RepoPtr;
using detail::TreePtr;
using detail::BlobPtr;
using util::ListProblem;
using util::SourceError;

namespace {

constexpr std::size_t k_max_revision = 256;

enum class EntryKind { Dir, File, Symlink, Submodule, Other };

EntryKind kind_of(git_filemode_t mode) {
    switch (mode) {
    case GIT_FILEMODE_TREE:
        return EntryKind::Dir;
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return EntryKind::File;
    case GIT_FILEMODE_LINK:
        return EntryKind::Symlink;
    case GIT_FILEMODE_COMMIT:
        return EntryKind::Submodule;
    default:
        return EntryKind::Other;
    }
}

struct Child {
    std::string name;
    EntryKind kind;
};

struct Leaf {
    EntryKind kind;
    git_oid oid;
};

} // namespace

struct GitTreeSource::Impl {
    std::string revision;
    std::string commit_id;
    std::string short_id;
    std::string repository;
    std::string project;
    std::string git_dir;

    // The project tree, indexed once: children of every directory ("" is the project folder)
    // and every non-directory entry by path.
    std::unordered_map<std::string, std::vector<Child>> dirs;
    std::unordered_map<std::string, Leaf> leaves;

    // libgit2 handles are not shared between threads: each read borrows one from this pool,
    // opening another when all are busy. Without thread support in libgit2, reads take turns.
    bool threaded = true;
    mutable std::mutex pool_mutex;
    mutable std::vector<RepoPtr> pool;
    mutable std::mutex serial;

    util::Result<bool, GitError> index(git_repository* repo, git_tree* root);
    void walk(const std::string& rel, const util::ListOptions& options,
              std::vector<std::string>& files, std::vector<ListProblem>& problems) const;
    util::Result<util::FileData, SourceError> read_blob(const std::string& path, const git_oid& oid,
                                                        std::uint64_t max_bytes) const;
};

util::Result<bool, GitError> GitTreeSource::Impl::index(git_repository* repo, git_tree* root) {
    // Explicit stack: a hostile repository may nest trees deeply.
    std::vector<std::pair<std::string, TreePtr>> pending;
    git_tree* copy = nullptr;
    if (git_tree_dup(&copy, root) != 0) {
        return util::unexpected(error(GitError::Kind::Broken, detail::last_error()));
    }
    pending.emplace_back("", TreePtr(copy));
    while (!pending.empty()) {
        auto [rel, tree] = std::move(pending.back());
        pending.pop_back();
        auto& children = dirs[rel];
        std::size_t count = git_tree_entrycount(tree.get());
        children.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
            std::string name = git_tree_entry_name(entry);
            EntryKind kind = kind_of(git_tree_entry_filemode(entry));
            std::string path = util::join_relative(rel, name);
            children.push_back({name, kind});
            if (kind != EntryKind::Dir) {
                leaves.emplace(path, Leaf{kind, *git_tree_entry_id(entry)});
                continue;
            }
            git_tree* sub = nullptr;
            if (git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) != 0) {
                return util::unexpected(
                    error(GitError::Kind::Broken, "cannot read the folder '" + path + "' at " +
                                                      revision + ": " + detail::last_error()));
            }
            pending.emplace_back(std::move(path), TreePtr(sub));
        }
    }
    return true;
}

// The same rules as the working-tree walk (util/source_paths.hpp), over the index.
void GitTreeSource::Impl::walk(const std::string& rel, const util::ListOptions& options,
                               std::vector<std::string>& files,
                               std::vector<ListProblem>& problems) const {
    auto it = dirs.find(rel);
    if (it == dirs.end()) {
        return;
    }
    for (const auto& child : it->second) {
        const std::string& name = child.name;
        bool good_name = util::valid_utf8(name) && name != "." && name != "..";
        std::string spelled =
            util::join_relative(rel, good_name ? name : util::escape_bad_utf8(name));
        switch (child.kind) {
        case EntryKind::Dir:
            if (!util::enters_directory(name, options)) {
                break;
            }
            if (!good_name) {
                problems.push_back(
                    {ListProblem::Kind::BadName, spelled, "directory name is not valid UTF-8"});
                break;
            }
            walk(util::join_relative(rel, name), options, files, problems);
            break;
        case EntryKind::File:
            if (!util::matches_suffix(name, options)) {
                break;
            }
            if (!good_name) {
                problems.push_back(
                    {ListProblem::Kind::BadName, spelled, "file name is not valid UTF-8"});
                break;
            }
            files.push_back(spelled);
            break;
        case EntryKind::Symlink:
            if (util::enters_directory(name, options)) {
                problems.push_back(
                    {ListProblem::Kind::Symlink, spelled, "symbolic link not followed"});
            }
            break;
        case EntryKind::Submodule:
            if (util::enters_directory(name, options)) {
                problems.push_back({ListProblem::Kind::Special, spelled, "submodule not read"});
            }
            break;
        case EntryKind::Other:
            if (util::matches_suffix(name, options)) {
                problems.push_back(
                    {ListProblem::Kind::Special, spelled, "unknown kind of tree entry"});
            }
            break;
        }
    }
}

util::Result<util::FileData, SourceError>
GitTreeSource::Impl::read_blob(const std::string& path, const git_oid& oid,
                               std::uint64_t max_bytes) const {
    std::unique_lock<std::mutex> turn(serial, std::defer_lock);
    if (!threaded) {
        turn.lock();
    }
    RepoPtr repo;
    {
        std::lock_guard<std::mutex> lock(pool_mutex);
        if (!pool.empty()) {
            repo = std::move(pool.back());
            pool.pop_back();
        }
    }
    if (!repo) {
        git_repository* raw = nullptr;
        if (git_repository_open(&raw, git_dir.c_str()) != 0) {
            return util::unexpected(
                SourceError{SourceError::Kind::Unreadable, path + ": " + detail::last_error()});
        }
        repo.reset(raw);
    }
    auto give_back = [&] {
        std::lock_guard<std::mutex> lock(pool_mutex);
        pool.push_back(std::move(repo));
    };
    auto fail = [&](SourceError::Kind kind, std::string message) {
        give_back();
        return util::unexpected(SourceError{kind, std::move(message)});
    };

    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo.get()) != 0) {
        return fail(SourceError::Kind::Unreadable, path + ": " + detail::last_error());
    }
    OdbPtr odb(raw_odb);
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &oid) != 0) {
        return fail(SourceError::Kind::Unreadable, path + ": " + detail::last_error());
    }
    if (size > max_bytes) {
        return fail(SourceError::Kind::TooLarge,
                    path + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, repo.get(), &oid) != 0) {
        return fail(SourceError::Kind::Unreadable, path + ": " + detail::last_error());
    }
    BlobPtr blob(raw_blob);
    util::FileData data;
    auto raw_size = static_cast<std::size_t>(git_blob_rawsize(blob.get()));
    if (raw_size > max_bytes) {
        return fail(SourceError::Kind::TooLarge,
                    path + " is larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    data.bytes.assign(static_cast<const char*>(git_blob_rawcontent(blob.get())), raw_size);
    data.id = oid_hex(oid);
    blob.reset();
    odb.reset();
    give_back();
    return data;
}

std::string revision_problem(std::string_view rev) {
    if (rev.empty()) {
        return "the revision is empty";
    }
    std::string shown(rev.substr(0, 40));
    for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = '?';
        }
    }
    if (rev.size() > k_max_revision) {
        return "the revision '" + shown + "...' is longer than " + std::to_string(k_max_revision) +
               " characters";
    }
    if (rev.front() == '-') {
        return "the revision '" + shown + "' starts with '-'";
    }
    for (char c : rev) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            return "the revision '" + shown + "' contains a control character";
        }
        if (c == ' ') {
            return "the revision '" + shown + "' contains whitespace";
        }
    }
    if (rev.find("..") != std::string_view::npos) {
        return "the revision '" + shown + "' is a range ('..'); give one revision";
    }
    return "";
}

GitTreeSource::GitTreeSource(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

GitTreeSource::~GitTreeSource() = default;

std::vector<std::string> GitTreeSource::list(std::string_view dir, const util::ListOptions& options,
                                             std::vector<ListProblem>& problems) const {
    std::vector<std::string> files;
    std::size_t first_new = problems.size();
    auto rel = util::normalize_relative_path(dir);
    if (!rel) {
        problems.push_back({ListProblem::Kind::Unreadable, std::string(dir), rel.error()});
        return files;
    }
    auto leaf = m_impl->leaves.find(*rel);
    if (leaf != m_impl->leaves.end()) {
        if (leaf->second.kind == EntryKind::Symlink) {
            problems.push_back({ListProblem::Kind::Symlink, *rel, "symbolic link not followed"});
        } else if (leaf->second.kind == EntryKind::Submodule) {
            problems.push_back({ListProblem::Kind::Special, *rel, "submodule not read"});
        }
        return files;
    }
    m_impl->walk(*rel, options, files, problems);
    util::finish_listing(files, problems, first_new);
    return files;
}

util::Result<util::FileData, SourceError> GitTreeSource::read(std::string_view path,
                                                              std::uint64_t max_bytes) const {
    auto rel = util::normalize_relative_path(path);
    if (!rel) {
        return util::unexpected(SourceError{SourceError::Kind::Unreadable, rel.error()});
    }
    auto it = m_impl->leaves.find(*rel);
    if (it == m_impl->leaves.end()) {
        if (m_impl->dirs.count(*rel) > 0) {
            return util::unexpected(
                SourceError{SourceError::Kind::NotAFile, *rel + " is a directory"});
        }
        return util::unexpected(SourceError{SourceError::Kind::NotFound,
                                            *rel + ": no such file at " + m_impl->revision});
    }
    switch (it->second.kind) {
    case EntryKind::File:
        return m_impl->read_blob(*rel, it->second.oid, max_bytes);
    case EntryKind::Symlink:
        return util::unexpected(
            SourceError{SourceError::Kind::NotAFile, *rel + " is a symbolic link"});
    case EntryKind::Submodule:
        return util::unexpected(SourceError{SourceError::Kind::NotAFile, *rel + " is a submodule"});
    default:
        return util::unexpected(
            SourceError{SourceError::Kind::NotAFile, *rel + " is not a regular file"});
    }
}

bool GitTreeSource::is_file(std::string_view path) const {
    auto rel = util::normalize_relative_path(path);
    if (!rel) {
        return false;
    }
    auto it = m_impl->leaves.find(*rel);
    return it != m_impl->leaves.end() && it->second.kind == EntryKind::File;
}

bool GitTreeSource::is_directory(std::string_view path) const {
    auto rel = util::normalize_relative_path(path);
    return rel && m_impl->dirs.count(*rel) > 0;
}

std::string GitTreeSource::describe() const {
    return m_impl->revision + " (" + m_impl->short_id + ") in " + m_impl->repository;
}

const std::string& GitTreeSource::revision() const {
    return m_impl->revision;
}
const std::string& GitTreeSource::commit_id() const {
    return m_impl->commit_id;
}
const std::string& GitTreeSource::short_id() const {
    return m_impl->short_id;
}
const std::string& GitTreeSource::repository() const {
    return m_impl->repository;
}
const std::string& GitTreeSource::project_path() const {
    return m_impl->project;
}

util::Result<std::unique_ptr<GitTreeSource>, GitError>
open_tree_source(const std::string& project_dir, const std::string& rev) {
    auto opened = detail::open_repository(project_dir);
    if (!opened) {
        return util::unexpected(opened.error());
    }
    git_repository* repo = opened->repo.get();
    auto commit = detail::resolve(repo, opened->workdir, rev);
    if (!commit) {
        return util::unexpected(commit.error());
    }
    auto impl = std::make_unique<GitTreeSource::Impl>();
    impl->revision = rev;
    impl->repository = opened->workdir;
    impl->project = opened->project;
    impl->git_dir = git_repository_path(repo);
    impl->threaded = (git_libgit2_features() & GIT_FEATURE_THREADS) != 0;
    impl->commit_id = oid_hex(*git_object_id(commit->get()));
    git_buf short_buf = GIT_BUF_INIT;
    if (git_object_short_id(&short_buf, commit->get()) == 0) {
        impl->short_id = short_buf.ptr;
    } else {
        impl->short_id = impl->commit_id.substr(0, 7);
    }
    git_buf_dispose(&short_buf);

    auto where = [&] { return rev + " (" + impl->short_id + ")"; };
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, reinterpret_cast<git_commit*>(commit->get())) != 0) {
        return util::unexpected(error(GitError::Kind::Broken, "cannot read the tree of " + where() +
                                                                  ": " + detail::last_error()));
    }
    TreePtr tree(raw_tree);
    if (!impl->project.empty()) {
        git_tree_entry* raw_entry = nullptr;
        if (git_tree_entry_bypath(&raw_entry, tree.get(), impl->project.c_str()) != 0) {
            return util::unexpected(
                error(GitError::Kind::NoProject,
                      "the project folder '" + impl->project + "' does not exist at " + where()));
        }
        EntryPtr entry(raw_entry);
        if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
            return util::unexpected(error(GitError::Kind::NoProject,
                                          "'" + impl->project + "' is not a folder at " + where()));
        }
        git_tree* sub = nullptr;
        if (git_tree_lookup(&sub, repo, git_tree_entry_id(entry.get())) != 0) {
            return util::unexpected(
                error(GitError::Kind::Broken, "cannot read the project folder at " + where() +
                                                  ": " + detail::last_error()));
        }
        tree.reset(sub);
    }
    auto indexed = impl->index(repo, tree.get());
    if (!indexed) {
        return util::unexpected(indexed.error());
    }
    // The handle that did the walk serves the first reads.
    impl->pool.push_back(std::move(opened->repo));
    return std::make_unique<GitTreeSource>(std::move(impl));
}

util::Result<std::string, GitError> resolve_commit(const std::string& project_dir,
                                                   const std::string& rev) {
    auto opened = detail::open_repository(project_dir);
    if (!opened) {
        return util::unexpected(opened.error());
    }
    auto commit = detail::resolve(opened->repo.get(), opened->workdir, rev);
    if (!commit) {
        return util::unexpected(commit.error());
    }
    return oid_hex(*git_object_id(commit->get()));
}

} // namespace dpipe::git
