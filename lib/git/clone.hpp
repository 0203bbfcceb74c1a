#pragma once
// Fetching a package's files from a git repository (`dpipe deps`): clone a URL or a local path
// into a scratch folder, pick a revision, and write the files of its tree (or of one folder of
// it) out into a destination folder. The destination gets plain files only: no `.git`, no
// checkout state, so the result is the same whatever git the machine has.

#include "git/error.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <string>

namespace dpipe::git {

struct CloneRequest {
    std::string url;          // https://, ssh://, git@host:path, file:// or a local path
    std::string revision;     // tag, branch or commit (full or abbreviated); "" = the remote's HEAD
    std::string subdirectory; // folder of the tree to write out; "" = the whole tree
    std::string scratch; // a folder that does not exist yet; the clone lives there (removed after)
    std::string destination; // a folder that does not exist yet; receives the files
    std::uint64_t max_total_bytes = std::uint64_t{512} << 20; // the files written, in total
    std::uint64_t max_files = 100'000;
};

struct CloneResult {
    std::string commit;              // full id of the commit written out
    bool revision_is_commit = false; // the revision named a commit rather than a branch or tag
};

// Clones, resolves `revision` (a branch of the remote first, then a tag, then a commit id) and
// writes the tree out. Symbolic links and submodules in the tree are skipped; a path that is not
// a plain relative name (".", "..", absolute) is refused. Errors: BadRevision when
// revision_problem() refuses the revision or the subdirectory is not a relative path;
// UnknownRevision when the repository has no such revision; NoProject when the subdirectory is
// not a folder at that revision; Broken when the clone itself fails (network, no repository at
// `url`, limits exceeded). The scratch folder is removed on return, whatever happens; the
// destination is left partly written on failure (callers write into a temporary folder).
util::Result<CloneResult, GitError> clone_revision(const CloneRequest& request);

} // namespace dpipe::git
