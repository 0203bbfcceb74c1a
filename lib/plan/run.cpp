#include "plan/codeowners.hpp"
#include "plan/plan.hpp"

#include "git/tree_source.hpp"
#include "project/columns_subset.hpp"
#include "util/file_source.hpp"

#include <algorithm>
#include <memory>
#include <optional>

namespace dpipe::plan {

namespace {

// The first CODEOWNERS file, in GitHub's order of preference, of `top` (a repository's top
// folder); nullopt when there is none.
std::optional<std::string> first_codeowners(const util::FileSource& top) {
    for (const char* name : k_codeowners_files) {
        auto file = top.read(name, 1 << 20);
        if (file.ok()) {
            return std::move(file->bytes);
        }
    }
    return std::nullopt;
}

// CODEOWNERS as GitHub applies it to a pull request: the base branch's, from the tip of the base
// (not the merge base: GitHub reads the branch as it is now). When the base has none (the change
// adds it), head's: from the working tree, or from the head revision's tree with --head (the
// working tree may hold another branch). The file sits at the repository's top, which is the head
// source's own root unless the project is nested in it.
std::string read_codeowners(const git::ChangeSet& changes, const util::FileSource& head) {
    if (auto base = git::open_tree_source(changes.repository, changes.base_tip)) {
        if (auto text = first_codeowners(**base)) {
            return std::move(*text);
        }
    }
    const util::FileSource* top = &head;
    std::unique_ptr<util::FileSource> own;
    if (!changes.project_path.empty()) {
        if (changes.working_tree) {
            own = std::make_unique<util::WorktreeSource>(changes.repository);
        } else {
            auto tree = git::open_tree_source(changes.repository, changes.head_commit);
            if (!tree) {
                return {};
            }
            own = std::move(*tree);
        }
        top = own.get();
    }
    return first_codeowners(*top).value_or("");
}

} // namespace

util::Result<PlanRun, PlanError> make_plan(const PlanRequest& request) {
    auto changes =
        git::find_changes(git::ChangeRequest{request.project_dir, request.base, request.head});
    if (!changes) {
        return util::unexpected(
            PlanError{changes.error().message,
                      changes.error().kind == git::GitError::Kind::NotARepository});
    }
    auto base_source = git::open_base_source(*changes);
    std::unique_ptr<util::FileSource> empty;
    const util::FileSource* base_files = nullptr;
    if (base_source) {
        base_files = base_source->get();
    } else if (base_source.error().kind == git::GitError::Kind::NoProject) {
        empty = std::make_unique<util::MemorySource>();
        base_files = empty.get();
    } else {
        return util::unexpected(PlanError{base_source.error().message, false});
    }
    auto head_source = git::open_head_source(*changes);
    if (!head_source) {
        return util::unexpected(PlanError{head_source.error().message, false});
    }

    // One cache for both sides: every model whose inputs did not change renders once.
    std::unique_ptr<project::Cache> own_cache;
    project::Cache* cache = request.cache;
    if (cache == nullptr) {
        own_cache = std::make_unique<project::Cache>();
        cache = own_cache.get();
    }
    auto side_request = [&](const util::FileSource* source, bool keep_scripts) {
        project::Request r;
        r.source = source;
        r.root = changes->project_dir;
        r.cli_vars = request.cli_vars;
        r.target = request.target;
        r.profiles_dir = request.profiles_dir;
        r.jobs = request.jobs;
        r.cache = cache;
        r.keep_scripts = keep_scripts;
        return r;
    };

    PlanRun run;
    run.base_missing = empty != nullptr;
    run.base = project::build(side_request(base_files, false));
    run.head = project::build(side_request(head_source->get(), request.keep_head_scripts));
    // Head is traced whole: its nodes' status (what could not be traced) is reported. Of base,
    // compare() reads only the nodes that may have changed and their readers.
    run.head_lineage = project::column_lineage(run.head, request.jobs);

    CompareInput in;
    in.base = Side{&run.base, nullptr};
    in.head = Side{&run.head, &run.head_lineage};
    in.changes = &*changes;
    std::vector<bool> trace = base_nodes_to_trace(in);
    run.base_lineage = project::column_lineage(run.base, request.jobs, trace);
    in.base.lineage = &run.base_lineage;
    in.codeowners = read_codeowners(*changes, *head_source->get());
    in.project_path = changes->project_path;
    run.plan = compare(in);
    run.changes = std::move(*changes);
    return run;
}

std::vector<std::string> nodes_to_test(const Plan& plan) {
    std::vector<std::string> ids;
    for (const auto& c : plan.changes) {
        if (c.kind != ChangeKind::Removed && c.classification != Classification::Metadata) {
            ids.push_back(c.unique_id);
        }
    }
    for (const auto& n : plan.impacted) {
        ids.push_back(n.unique_id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::vector<std::string> files_to_lint(const PlanRun& run) {
    std::vector<std::string> files;
    for (const auto& c : run.changes.changes) {
        files.push_back(c.path());
    }
    auto lints = [](const std::string& type) {
        return type == "model" || type == "seed" || type == "snapshot";
    };
    for (const auto& c : run.plan.changes) {
        if (c.kind != ChangeKind::Removed && lints(c.type) && !c.path.empty()) {
            files.push_back(c.path);
        }
    }
    for (const auto& n : run.plan.impacted) {
        if (lints(n.type) && !n.path.empty()) {
            files.push_back(n.path);
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

} // namespace dpipe::plan
