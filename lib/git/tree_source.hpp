#pragma once
// A project as it is in a commit: the FileSource over a git tree, read from git objects only
// (no checkout, no temporary copy, no git process). Paths are relative to the project folder,
// which may sit anywhere inside the repository (a project in a monorepo), so they match the
// paths a WorktreeSource of the same project gives.

#include "git/error.hpp"
#include "util/file_source.hpp"
#include "util/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace dpipe::git {

class GitTreeSource : public util::FileSource {
  public:
    struct Impl;
    explicit GitTreeSource(std::unique_ptr<Impl> impl);
    ~GitTreeSource() override;
    GitTreeSource(const GitTreeSource&) = delete;
    GitTreeSource& operator=(const GitTreeSource&) = delete;

    std::vector<std::string> list(std::string_view dir, const util::ListOptions& options,
                                  std::vector<util::ListProblem>& problems) const override;
    // The blob id is the object id (no rehash). Symlinks, submodules and directories are
    // NotAFile; the size is checked before the blob is copied.
    util::Result<util::FileData, util::SourceError> read(std::string_view path,
                                                         std::uint64_t max_bytes) const override;
    bool is_file(std::string_view path) const override;
    bool is_directory(std::string_view path) const override;
    // "<rev> (<short id>) in <repository work tree>", e.g. "HEAD (3f2a9c1) in /abs/repo".
    std::string describe() const override;

    const std::string& revision() const;     // as given, e.g. "HEAD" or "origin/main"
    const std::string& commit_id() const;    // full 40-hex id of the commit
    const std::string& short_id() const;     // unambiguous abbreviation (at least 7 digits)
    const std::string& repository() const;   // absolute work tree, no trailing slash
    const std::string& project_path() const; // project folder relative to it, "" at the top

  private:
    std::unique_ptr<Impl> m_impl;
};

// Opens the repository containing `project_dir` (searched upward from it, or from its nearest
// existing parent when it does not exist on disk), resolves `rev` to a commit and indexes the
// tree of the project folder in that commit. The tree is walked once here; list, is_file and
// is_directory are then lookups, and reads may run on several threads at once.
util::Result<std::unique_ptr<GitTreeSource>, GitError>
open_tree_source(const std::string& project_dir, const std::string& rev);

// The full commit id `rev` names in the repository containing `project_dir`.
util::Result<std::string, GitError> resolve_commit(const std::string& project_dir,
                                                   const std::string& rev);

} // namespace dpipe::git
