#include "git/base.hpp"

#include <cstring>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dpipe::git::detail {

const char* const k_history_fix =
    "fetch the history (actions/checkout with fetch-depth: 0) or pass --base with a fetched ref";

namespace {

struct OidHash {
    std::size_t operator()(const git_oid& oid) const {
        std::size_t h = 0;
        std::memcpy(&h, oid.id, sizeof h);
        return h;
    }
};
struct OidEqual {
    bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// The commit a reference points at (through symbolic refs and tags), or null.
ObjectPtr peel_reference(git_repository* repo, const std::string& name) {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo, name.c_str()) != 0) {
        return nullptr;
    }
    ReferencePtr ref(raw);
    git_object* commit = nullptr;
    if (git_reference_peel(&commit, ref.get(), GIT_OBJECT_COMMIT) != 0) {
        return nullptr;
    }
    return ObjectPtr(commit);
}

GitError shallow_error(const std::string& workdir, const Base& base, const std::string& head_name) {
    return error(GitError::Kind::ShallowHistory,
                 "cannot find the merge base of " + base.ref + " and " + head_name +
                     ": the history is missing from the shallow clone " + workdir + "; " +
                     k_history_fix);
}

// Walks the commits reachable from `starts` that this clone has, stopping at the shallow
// boundary (parents that are not in the object database), calling `visit` once per commit.
template <typename Visit>
util::Result<bool, GitError> walk_present(git_repository* repo, git_odb* odb,
                                          std::vector<git_oid> starts, OidSet& seen,
                                          Visit&& visit) {
    while (!starts.empty()) {
        git_oid id = starts.back();
        starts.pop_back();
        if (!seen.insert(id).second) {
            continue;
        }
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &id) != 0) {
            return util::unexpected(
                error(GitError::Kind::Broken,
                      "cannot read the commit " + oid_hex(id) + ": " + last_error()));
        }
        CommitPtr commit(raw);
        visit(id, commit.get());
        for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
            const git_oid* parent = git_commit_parent_id(commit.get(), i);
            if (seen.count(*parent) == 0 && git_odb_exists(odb, parent) == 1) {
                starts.push_back(*parent);
            }
        }
    }
    return true;
}

// The merge base among the commits a shallow clone has. libgit2 1.5's own merge base fails (and
// leaks) when its walk reaches a missing parent, which in a shallow clone it often must.
util::Result<std::optional<git_oid>, GitError>
present_merge_base(git_repository* repo, const git_oid& a, const git_oid& b) {
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo) != 0) {
        return util::unexpected(error(GitError::Kind::Broken, last_error()));
    }
    OdbPtr odb(raw_odb);
    OidSet from_a;
    auto walked = walk_present(repo, odb.get(), {a}, from_a, [](const git_oid&, git_commit*) {});
    if (!walked) {
        return util::unexpected(walked.error());
    }
    // Common ancestors, and the parents of those (all older than some common ancestor).
    OidSet from_b;
    std::vector<git_oid> common;
    std::vector<git_oid> below_starts;
    walked = walk_present(repo, odb.get(), {b}, from_b, [&](const git_oid& id, git_commit* c) {
        if (from_a.count(id) == 0) {
            return;
        }
        common.push_back(id);
        for (unsigned i = 0; i < git_commit_parentcount(c); ++i) {
            below_starts.push_back(*git_commit_parent_id(c, i));
        }
    });
    if (!walked) {
        return util::unexpected(walked.error());
    }
    OidSet below;
    std::vector<git_oid> present_starts;
    for (const auto& id : below_starts) {
        if (git_odb_exists(odb.get(), &id) == 1) {
            present_starts.push_back(id);
        }
    }
    walked =
        walk_present(repo, odb.get(), present_starts, below, [](const git_oid&, git_commit*) {});
    if (!walked) {
        return util::unexpected(walked.error());
    }
    // The best common ancestors are those no other common ancestor descends from; of several
    // (criss-cross merges), the newest, then the smallest id, so the choice is stable.
    std::optional<git_oid> best;
    git_time_t best_time = 0;
    for (const auto& id : common) {
        if (below.count(id) != 0) {
            continue;
        }
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &id) != 0) {
            return util::unexpected(error(GitError::Kind::Broken, last_error()));
        }
        CommitPtr commit(raw);
        git_time_t when = git_commit_time(commit.get());
        if (!best || when > best_time || (when == best_time && git_oid_cmp(&id, &*best) < 0)) {
            best = id;
            best_time = when;
        }
    }
    return best;
}

} // namespace

util::Result<Base, GitError> default_branch(git_repository* repo, const std::string& workdir) {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo, "refs/remotes/origin/HEAD") == 0) {
        ReferencePtr origin_head(raw);
        std::string target = "refs/remotes/origin/HEAD";
        if (const char* symbolic = git_reference_symbolic_target(origin_head.get())) {
            target = symbolic;
        }
        if (auto commit = peel_reference(repo, target)) {
            const std::string prefix = "refs/remotes/";
            std::string shown =
                target.rfind(prefix, 0) == 0 ? target.substr(prefix.size()) : target;
            return Base{shown, std::move(commit)};
        }
    }
    // A CI checkout often has origin's branches without origin/HEAD; a fresh clone has local ones.
    for (const char* ref : {"refs/remotes/origin/main", "refs/remotes/origin/master", "refs/heads/main",
                            "refs/heads/master"}) {
        if (auto commit = peel_reference(repo, ref)) {
            std::string name(ref);
            name = name.substr(name.rfind("refs/remotes/", 0) == 0 ? 13 : 11);
            return Base{name, std::move(commit)};
        }
    }
    return util::unexpected(error(GitError::Kind::NoBase,
                                  "--base is required: the repository " + workdir +
                                      " has no origin/HEAD, origin/main, origin/master, main or master "
                                      "branch to compare with"));
}

util::Result<git_oid, GitError> merge_base(git_repository* repo, const std::string& workdir,
                                           const Base& base, const git_oid& head,
                                           const std::string& head_name) {
    const git_oid* base_id = git_object_id(base.commit.get());
    if (git_repository_is_shallow(repo) == 1) {
        auto found = present_merge_base(repo, *base_id, head);
        if (!found) {
            return util::unexpected(found.error());
        }
        if (!*found) {
            return util::unexpected(shallow_error(workdir, base, head_name));
        }
        return **found;
    }
    git_oid out;
    int rc = git_merge_base(&out, repo, base_id, &head);
    if (rc == 0) {
        return out;
    }
    if (rc == GIT_ENOTFOUND) {
        return util::unexpected(error(GitError::Kind::NoMergeBase,
                                      base.ref + " and " + head_name + " share no history in " +
                                          workdir + ": there is no merge base to compare with"));
    }
    return util::unexpected(error(GitError::Kind::Broken, "cannot find the merge base of " +
                                                              base.ref + " and " + head_name +
                                                              ": " + last_error()));
}

} // namespace dpipe::git::detail
