#include "plan/codeowners.hpp"
#include "plan/plan.hpp"

#include "util/files.hpp"

#include <filesystem>
#include <memory>

namespace dpipe::plan {

namespace {

// CODEOWNERS from the repository's work tree, in GitHub's order of preference.
std::string read_codeowners(const std::string& repository) {
    for (const char* name : k_codeowners_files) {
        auto text = util::read_file(std::filesystem::path(repository) / name, 1 << 20);
        if (text.ok()) {
            return *text;
        }
    }
    return {};
}

} // namespace

util::Result<PlanRun, PlanError> make_plan(const PlanRequest& request) {
    auto changes =
        git::find_changes(git::ChangeRequest{request.project_dir, request.base, request.head});
    if (!changes) {
        return util::unexpected(PlanError{changes.error().message});
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
        return util::unexpected(PlanError{base_source.error().message});
    }
    auto head_source = git::open_head_source(*changes);
    if (!head_source) {
        return util::unexpected(PlanError{head_source.error().message});
    }

    // One cache for both sides: every model whose inputs did not change renders once.
    std::unique_ptr<project::Cache> own_cache;
    project::Cache* cache = request.cache;
    if (cache == nullptr) {
        own_cache = std::make_unique<project::Cache>();
        cache = own_cache.get();
    }
    auto side_request = [&](const util::FileSource* source) {
        project::Request r;
        r.source = source;
        r.root = changes->project_dir;
        r.cli_vars = request.cli_vars;
        r.jobs = request.jobs;
        r.cache = cache;
        return r;
    };

    PlanRun run;
    run.base = project::build(side_request(base_files));
    run.head = project::build(side_request(head_source->get()));
    run.base_lineage = project::column_lineage(run.base, request.jobs);
    run.head_lineage = project::column_lineage(run.head, request.jobs);

    CompareInput in;
    in.base = Side{&run.base, &run.base_lineage};
    in.head = Side{&run.head, &run.head_lineage};
    in.changes = &*changes;
    in.codeowners = read_codeowners(changes->repository);
    in.project_path = changes->project_path;
    run.plan = compare(in);
    run.changes = std::move(*changes);
    return run;
}

} // namespace dpipe::plan
