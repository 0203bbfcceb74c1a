#pragma once
// Internal to lib/git: working-tree files as git would store them, without writing anything.

#include "git/changes.hpp"
#include "git/error.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>

namespace dpipe::git::detail {

// A path as it is on disk: a regular file or a symlink, with its blob id.
struct DiskEntry {
    EntryKind kind = EntryKind::None;
    std::string id; // util::git_blob_id of the bytes, or of a symlink's target text
};

// The entry at absolute path `abs`, read in chunks so a large data file is never held whole
// (and read again if it changes size meanwhile); nullopt when nothing, or only a folder or a
// special file, is there. `shown` names it in errors (Broken).
util::Result<std::optional<DiskEntry>, GitError> disk_entry(const std::string& abs,
                                                            const std::string& shown);

// "cannot read <shown> in the working tree: <why>".
GitError unreadable(const std::string& shown, const std::string& why);

} // namespace dpipe::git::detail
