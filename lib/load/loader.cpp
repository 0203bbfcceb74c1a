// Orchestrates a project load: configuration first (it decides where the other files are),
// then every other file read and parsed in parallel and registered in sorted path order, then
// the property files parsed in parallel and applied in sorted path order as they become ready.

#include "load/loader.hpp"

#include "core/error.hpp"
#include "load/csv_header.hpp"
#include "load/load_context.hpp"
#include "load/dbt_render.hpp"
#include "load/outcome.hpp"
#include "load/schema.hpp"
#include "load/sql_blocks.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>

namespace dpipe::load {

namespace fs = std::filesystem;

namespace {

// A file outside the project (the user's config.toml), read from disk.
util::Result<util::FileData, util::SourceError> read_disk(const fs::path& abs, std::uint64_t max_bytes) {
    auto data = util::read_file(abs, max_bytes);
    if (!data) {
        bool too_big = data.error().message.find("larger than") != std::string::npos;
        return util::unexpected(util::SourceError{
            too_big ? util::SourceError::Kind::TooLarge : util::SourceError::Kind::Unreadable, data.error().message});
    }
    util::FileData out;
    out.id = util::git_blob_id(*data);
    out.bytes = std::move(*data);
    return out;
}

// Parses a YAML file (and validates it against its schema), a seed's header or a snapshot file's blocks.
void parse_outcome(const Job& job, const Limits& limits, Outcome& out) {
    if (job.kind == Kind::Properties || job.kind == Kind::Pipeline) {
        ParseOptions parse_options;
        parse_options.tolerate_duplicate_keys = job.kind == Kind::Properties; // dbt's files
        auto doc = parse_yaml(out.text, job.rel, limits, parse_options);
        if (!doc) {
            out.diags.push_back(doc.error());
            return;
        }
        if (!doc->root.is_null()) {
            out.diags = validate(*doc, job.kind == Kind::Pipeline ? SchemaId::Pipeline : SchemaId::Properties);
        }
        out.doc = std::move(*doc);
    } else if (job.kind == Kind::Snapshot) {
        out.snapshots = find_snapshot_blocks(out.text);
    } else if (job.kind == Kind::Seed) {
        auto header = parse_csv_header(out.text, job.rel);
        if (!header) {
            out.diags.push_back(header.error());
        } else {
            out.columns = std::move(header->columns);
            out.diags = std::move(header->warnings);
        }
    }
}

// Reads, checks and registers one file; parses it when it is YAML or TOML. With a cache, a
// property file, pipeline or seed whose record is stored is not parsed again.
Outcome read_one(const Job& job, const util::FileSource& source, const Limits& limits,
                 core::SourceRegistry& registry, RecordCache* cache = nullptr) {
    Outcome out;
    auto data = job.abs.empty() ? source.read(job.rel, limits.max_file_bytes)
                                : read_disk(job.abs, limits.max_file_bytes);
    if (!data) {
        bool too_big = data.error().kind == util::SourceError::Kind::TooLarge;
        out.diags.push_back(make_error(too_big ? "LD008" : "LD009", {job.rel, 1, 1},
                                       too_big ? "file is larger than the limit of " +
                                                     std::to_string(limits.max_file_bytes) + " bytes"
                                               : "cannot read file: " + data.error().message));
        return out;
    }
    out.id = std::move(data->id);
    auto ok = check_text(data->bytes, job.rel, limits);
    if (!ok) {
        out.diags.push_back(ok.error());
        return out;
    }
    out.text = registry.add(job.rel, std::move(data->bytes));
    std::string key;
    if (cache != nullptr && (job.kind == Kind::Properties || job.kind == Kind::Pipeline || job.kind == Kind::Seed)) {
        key = record_key(job, out.id, limits);
        if (auto bytes = cache->find_record(key); bytes && decode_outcome(*bytes, out)) {
            return out;
        }
    }
    parse_outcome(job, limits, out);
    if (!key.empty()) {
        cache->store_record(key, encode_outcome(out));
    }
    return out;
}

} // namespace

std::optional<Document> read_config(LoadContext& ctx, const std::string& name, bool toml,
                                    std::optional<SchemaId> schema, const ParseOptions& parse_options) {
    bool outside = fs::path(name).is_absolute();
    std::error_code ec;
    if (outside ? !fs::exists(name, ec) : !ctx.options->source->is_file(name)) {
        return std::nullopt;
    }
    Outcome o = read_one({Kind::Macro, name, "", outside ? fs::path(name) : fs::path()}, *ctx.options->source,
                         ctx.options->limits, *ctx.project->sources_text);
    if (!o.diags.empty()) {
        ctx.diags.insert(ctx.diags.end(), o.diags.begin(), o.diags.end());
        return std::nullopt;
    }
    auto doc = toml ? parse_toml(o.text, name, ctx.options->limits)
                    : parse_yaml(o.text, name, ctx.options->limits, parse_options);
    if (!doc) {
        ctx.diags.push_back(doc.error());
        return std::nullopt;
    }
    if (schema) {
        if (doc->root.is_null()) {
            ctx.error("LD014", {name, 1, 1}, name + " is empty: it needs at least 'version: 1'");
            return std::nullopt;
        }
        auto errs = validate(*doc, *schema);
        if (!errs.empty()) {
            ctx.diags.insert(ctx.diags.end(), errs.begin(), errs.end());
            return std::nullopt;
        }
    }
    return std::move(*doc);
}

namespace {

const std::vector<std::string> k_skip_dirs = {"dbt_packages", "target", "logs", "node_modules"};

// Reports what a listing met that is not a readable regular file.
void report_problems(LoadContext& ctx, const std::vector<util::ListProblem>& problems) {
    for (const auto& pr : problems) {
        core::SourceLoc loc{pr.path, 0, 0};
        switch (pr.kind) {
        case util::ListProblem::Kind::Symlink: // the file sources' words already say what it is
            ctx.warning("LD050", loc, pr.message.rfind("symbolic link", 0) == 0
                                          ? pr.message
                                          : "symbolic link not followed: " + pr.message);
            break;
        case util::ListProblem::Kind::Special:
            ctx.warning("LD051", loc, pr.message + ", skipped");
            break;
        case util::ListProblem::Kind::Unreadable:
            ctx.error("LD052", loc, "cannot read directory: " + pr.message);
            break;
        case util::ListProblem::Kind::BadName:
            ctx.error("LD053", loc, pr.message);
            break;
        }
    }
}

// Lists the files of `kind` under `paths`; a file or problem met under two paths counts once.
void discover(LoadContext& ctx, const std::vector<std::string>& paths, const std::vector<std::string>& suffixes,
              Kind kind, std::set<std::string>& seen, std::set<std::string>& reported, std::vector<Job>& jobs,
              const std::string& package = {}) {
    util::ListOptions lo;
    lo.suffixes = suffixes;
    lo.skip_dirs = k_skip_dirs;
    if (std::string installed = fs::path(ctx.project->packages_install_path).filename().string();
        std::find(lo.skip_dirs.begin(), lo.skip_dirs.end(), installed) == lo.skip_dirs.end()) {
        lo.skip_dirs.push_back(installed);
    }
    for (const auto& base : paths) {
        std::vector<util::ListProblem> problems;
        std::string dir = base == "." ? std::string() : base;
        for (auto& rel : ctx.options->source->list(dir, lo, problems)) {
            if (seen.insert(rel).second) {
                jobs.push_back({kind, std::move(rel), package, {}});
            }
        }
        std::vector<util::ListProblem> fresh;
        for (auto& pr : problems) {
            if (reported.insert(pr.path).second) {
                fresh.push_back(std::move(pr));
            }
        }
        report_problems(ctx, fresh);
    }
}

std::string file_stem(const std::string& rel) { return fs::path(rel).stem().string(); }


bool under_generic(const std::vector<std::string>& test_paths, const std::string& rel) {
    for (const auto& base : test_paths) {
        std::string prefix = base == "." || base.empty() ? std::string("generic/") : base + "/generic/";
        if (rel.rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

std::vector<Job> discover_all(LoadContext& ctx) {
    const core::Project& p = *ctx.project;
    std::vector<Job> jobs;
    std::set<std::string> sql_seen;
    std::set<std::string> yml_seen;
    std::set<std::string> other_seen;
    std::set<std::string> reported;
    discover(ctx, p.model_paths, {".sql"}, Kind::Model, sql_seen, reported, jobs);
    discover(ctx, p.snapshot_paths, {".sql"}, Kind::Snapshot, sql_seen, reported, jobs);
    discover(ctx, p.test_paths, {".sql"}, Kind::Test, sql_seen, reported, jobs);
    discover(ctx, p.macro_paths, {".sql"}, Kind::Macro, sql_seen, reported, jobs);
    discover(ctx, p.analysis_paths, {".sql"}, Kind::Analysis, sql_seen, reported, jobs);
    for (auto& j : jobs) {
        // dbt reads <test-path>/generic/ as generic test definitions, like macros.
        if (j.kind == Kind::Test && under_generic(p.test_paths, j.rel)) {
            j.kind = Kind::Macro;
        }
        if (j.kind == Kind::Macro) {
            j.package = p.name;
        }
    }
    std::vector<std::string> prop_paths = p.model_paths;
    for (const auto* list : {&p.seed_paths, &p.test_paths, &p.snapshot_paths, &p.analysis_paths}) {
        prop_paths.insert(prop_paths.end(), list->begin(), list->end());
    }
    discover(ctx, prop_paths, {".yml", ".yaml"}, Kind::Properties, yml_seen, reported, jobs);
    discover(ctx, p.seed_paths, {".csv"}, Kind::Seed, other_seen, reported, jobs);
    discover(ctx, p.pipeline_paths, {".yml", ".yaml"}, Kind::Pipeline, other_seen, reported, jobs);
    // Installed packages with a dbt_project.yml are read as projects: their models, seeds,
    // property files and macros, under their own paths (not their tests or integration_tests).
    std::set<std::string> package_roots;
    for (const auto& pkg : p.packages) {
        package_roots.insert(pkg.root);
        std::set<std::string> pkg_reported; // packages are not the project's own files
        std::vector<Job> pkg_jobs;
        discover(ctx, pkg.model_paths, {".sql"}, Kind::Model, sql_seen, pkg_reported, pkg_jobs, pkg.name);
        discover(ctx, pkg.macro_paths, {".sql"}, Kind::Macro, sql_seen, pkg_reported, pkg_jobs, pkg.name);
        std::vector<std::string> props = pkg.model_paths;
        props.insert(props.end(), pkg.seed_paths.begin(), pkg.seed_paths.end());
        discover(ctx, props, {".yml", ".yaml"}, Kind::Properties, yml_seen, pkg_reported, pkg_jobs, pkg.name);
        discover(ctx, pkg.seed_paths, {".csv"}, Kind::Seed, other_seen, pkg_reported, pkg_jobs, pkg.name);
        ctx.diags.erase(std::remove_if(ctx.diags.begin(), ctx.diags.end(),
                                       [&](const core::Diagnostic& d) { return pkg_reported.count(d.loc.file) > 0; }),
                        ctx.diags.end());
        jobs.insert(jobs.end(), std::make_move_iterator(pkg_jobs.begin()), std::make_move_iterator(pkg_jobs.end()));
    }
    // Other installed folders (no dbt_project.yml): their macros, <package>/macros/**.sql.
    util::ListOptions lo;
    lo.suffixes = {".sql"};
    std::vector<util::ListProblem> ignored; // packages are not the project's own files
    const std::string& install = p.packages_install_path;
    for (auto& rel : ctx.options->source->list(install, lo, ignored)) {
        std::string_view rest = std::string_view(rel).substr(install.size() + 1);
        std::size_t slash = rest.find('/');
        if (slash != std::string_view::npos && rest.substr(slash + 1).rfind("macros/", 0) == 0 &&
            !package_roots.count(install + "/" + std::string(rest.substr(0, slash)))) {
            std::string pkg(rest.substr(0, slash));
            jobs.push_back({Kind::Macro, std::move(rel), std::move(pkg), {}});
        }
    }
    std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) {
        return std::tie(a.kind, a.rel) < std::tie(b.kind, b.rel);
    });
    return jobs;
}

// Adds a model or snapshot unless its name is taken (LD021).
void add_model(LoadContext& ctx, core::Model m, std::unordered_map<std::string, std::string>& model_files) {
    std::string key = ctx.index_key(m.package, m.name);
    auto [it, inserted] = model_files.emplace(key, m.path);
    if (!inserted) {
        core::Diagnostic d = make_error("LD021", m.loc, "duplicate model name '" + m.name + "': " + it->second + " and " + m.path);
        d.notes.push_back("model names must be unique across the project; rename one of the files");
        ctx.diags.push_back(std::move(d));
        return;
    }
    ctx.model_index.emplace(std::move(key), ctx.project->models.size());
    ctx.project->models.push_back(std::move(m));
}

// Registers every file but the property files, in sorted path order: models, seeds, tests and
// macros exist before any property file is applied.
void register_files(LoadContext& ctx, const std::vector<Job>& jobs, std::vector<Outcome>& outcomes,
                    std::vector<std::size_t>& pipelines) {
    core::Project& p = *ctx.project;
    std::unordered_map<std::string, std::string> model_files;
    // One model per model file, at least one snapshot per snapshot file: allocated once (a
    // Model is 760 bytes; growing the vector by doubling moves them and leaves up to half unused).
    p.models.reserve(p.models.size() + static_cast<std::size_t>(std::count_if(jobs.begin(), jobs.end(), [](const Job& j) {
                         return j.kind == Kind::Model || j.kind == Kind::Snapshot;
                     })));
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const Job& job = jobs[i];
        Outcome& o = outcomes[i];
        if (job.kind == Kind::Properties) {
            continue;
        }
        ctx.diags.insert(ctx.diags.end(), o.diags.begin(), o.diags.end());
        bool readable = o.diags.empty() || std::none_of(o.diags.begin(), o.diags.end(), [](const core::Diagnostic& d) {
                            return d.severity == core::Severity::Error;
                        });
        if (!readable && job.kind != Kind::Properties) {
            continue;
        }
        switch (job.kind) {
        case Kind::Model:
        case Kind::Snapshot: {
            core::Model m;
            m.name = file_stem(job.rel);
            m.package = job.package.empty() ? p.name : job.package;
            m.path = job.rel;
            m.raw_sql = o.text;
            m.content_id = o.id;
            m.is_snapshot = job.kind == Kind::Snapshot;
            m.loc = {job.rel, 1, 1};
            if (o.snapshots.empty()) {
                add_model(ctx, std::move(m), model_files);
                break;
            }
            // A snapshot file holds one node per {% snapshot name %} block, named by the block.
            for (const auto& b : o.snapshots) {
                core::Model s = m;
                s.name = b.name;
                s.loc = {job.rel, b.line, b.col};
                s.raw_sql = p.sources_text->add(job.rel + "#" + b.name, mask_outside(o.text, b.body_begin, b.body_end));
                add_model(ctx, std::move(s), model_files);
            }
            break;
        }
        case Kind::Analysis:
            add_analysis(ctx, job.rel, o.text, o.id);
            break;
        case Kind::Test: {
            core::SingularTest t;
            t.name = file_stem(job.rel);
            t.path = job.rel;
            t.raw_sql = o.text;
            t.content_id = o.id;
            t.loc = {job.rel, 1, 1};
            p.singular_tests.push_back(std::move(t));
            break;
        }
        case Kind::Macro:
            p.macros.push_back({job.rel, job.package, std::string(o.text), o.id});
            break;
        case Kind::Seed: {
            core::Seed s;
            s.name = file_stem(job.rel);
            s.package = job.package.empty() ? p.name : job.package;
            s.path = job.rel;
            s.loc = {job.rel, 1, 1};
            s.columns = std::move(o.columns);
            std::string key = ctx.index_key(s.package, s.name);
            if (ctx.seed_index.count(key)) {
                ctx.error("LD021", s.loc,
                          "duplicate seed name '" + s.name + "': " + p.seeds[ctx.seed_index[key]].path + " and " + job.rel);
                break;
            }
            ctx.seed_index.emplace(std::move(key), p.seeds.size());
            p.seeds.push_back(std::move(s));
            break;
        }
        case Kind::Properties:
            break;
        case Kind::Pipeline:
            pipelines.push_back(i);
            break;
        }
    }
}

// Property files are parsed and validated in parallel and applied in sorted path order as soon
// as each one and all before it are ready: whichever thread finishes a document applies every
// ready one in order (the others go on parsing), so the serial application overlaps the
// parsing, and every document is freed as soon as it is applied instead of all of them being
// held at once.
class OrderedApply {
public:
    OrderedApply(LoadContext& ctx, std::vector<Outcome>& outcomes, std::vector<std::size_t> order, unsigned jobs)
        : m_ctx(ctx), m_outcomes(outcomes), m_order(std::move(order)), m_ready(m_order.size()),
          m_window(2 * static_cast<std::size_t>(jobs == 0 ? util::default_jobs() : jobs) + 2) {}

    // Waits until the k-th property file is at most a few files ahead of the next one to apply,
    // so that reading (fast when records are cached) does not pile up decoded documents faster
    // than the single applier frees them. Files are claimed in order, so the next one to apply
    // is always being read by a thread that does not wait.
    void wait_turn(std::size_t k) {
        if (k < m_next.load(std::memory_order_acquire) + m_window) {
            return;
        }
        std::unique_lock<std::mutex> lk(m_wait_lock);
        m_advanced.wait(lk, [&] { return k < m_next.load(std::memory_order_acquire) + m_window; });
    }

    // Marks the k-th property file (in path order) as parsed and applies what is ready.
    void done(std::size_t k) {
        m_ready[k].store(true, std::memory_order_release);
        drain();
    }

    // Applies whatever is left; call after every done().
    void finish() { drain(); }

private:
    void drain() {
        // Whoever gets the lock applies; a thread that does not goes back to parsing. After
        // releasing, check again: a document may have become ready while the lock was held.
        while (m_lock.try_lock()) {
            std::size_t next = m_next.load(std::memory_order_relaxed);
            while (next < m_order.size() && m_ready[next].load(std::memory_order_acquire)) {
                apply(m_outcomes[m_order[next]]);
                ++next;
                {
                    std::lock_guard<std::mutex> lk(m_wait_lock);
                    m_next.store(next, std::memory_order_release);
                }
                m_advanced.notify_all();
            }
            bool more = next < m_order.size() && m_ready[next].load(std::memory_order_acquire);
            m_lock.unlock();
            if (!more) {
                return;
            }
        }
    }

    void apply(Outcome& o) {
        m_ctx.diags.insert(m_ctx.diags.end(), o.diags.begin(), o.diags.end());
        o.diags.clear();
        if (o.doc) {
            m_ctx.current_package = o.package;
            apply_property_file(m_ctx, *o.doc);
            m_ctx.current_package.clear();
            o.doc.reset();
        }
    }

    LoadContext& m_ctx;
    std::vector<Outcome>& m_outcomes;
    std::vector<std::size_t> m_order; // job indices of the property files, in path order
    std::vector<std::atomic<bool>> m_ready;
    std::mutex m_lock;
    std::atomic<std::size_t> m_next{0}; // written under m_lock (and m_wait_lock)
    std::size_t m_window;
    std::mutex m_wait_lock;
    std::condition_variable m_advanced;
};

void finish_assembly(LoadContext& ctx, const std::vector<Job>& jobs, std::vector<Outcome>& outcomes,
                     const std::vector<std::size_t>& pipelines) {
    for (std::size_t i : pipelines) {
        if (outcomes[i].doc) {
            apply_pipeline(ctx, *outcomes[i].doc, file_stem(jobs[i].rel));
        }
    }
    finish_models(ctx);
    finish_seeds(ctx);
    check_generic_tests(ctx);
    check_unit_tests(ctx);
    check_semantic_layer(ctx);
}

} // namespace

fs::path find_project_root(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(start.empty() ? fs::current_path(ec) : start), ec);
    if (dir.has_filename() == false && dir.has_parent_path()) {
        dir = dir.parent_path();
    }
    for (const char* marker : {"dpipe.yaml", "dbt_project.yml"}) {
        for (fs::path d = dir;; d = d.parent_path()) {
            if (fs::is_regular_file(d / marker, ec)) {
                return d;
            }
            if (d == d.parent_path() || d.empty()) {
                break;
            }
        }
    }
    core::Error err(core::ExitCode::Usage,
                    "no dpipe.yaml or dbt_project.yml found in " + dir.string() + " or any parent directory");
    err.hints.push_back("run 'dpipe init' to create a project, or pass -C DIR");
    throw err;
}

bool LoadResult::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const core::Diagnostic& d) { return d.severity == core::Severity::Error; });
}

LoadResult load_project(const LoadOptions& options) {
    LoadResult result;
    LoadContext ctx;
    ctx.options = &options;
    ctx.project = &result.project;
    ctx.root = options.root;
    result.project.root = options.root;

    load_configuration(ctx);
    bool config_failed = ctx.has_errors();
    if (!config_failed) {
        load_packages(ctx);
    }
    ctx.diags.insert(ctx.diags.end(), std::make_move_iterator(ctx.late.begin()),
                     std::make_move_iterator(ctx.late.end()));
    if (config_failed) {
        // Without a readable configuration the paths of everything else are unknown.
        result.config_failed = true;
    } else {
        std::vector<Job> jobs = discover_all(ctx);
        std::vector<Outcome> outcomes(jobs.size());
        core::SourceRegistry& registry = *result.project.sources_text;
        std::vector<std::size_t> others;
        std::vector<std::size_t> properties;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            (jobs[i].kind == Kind::Properties ? properties : others).push_back(i);
        }
        auto read = [&](std::size_t i) {
            outcomes[i] = read_one(jobs[i], *options.source, options.limits, registry, options.cache);
            outcomes[i].package = jobs[i].package;
        };
        util::parallel_for(others.size(), [&](std::size_t k) { read(others[k]); }, options.jobs);
        std::vector<std::size_t> pipelines;
        register_files(ctx, jobs, outcomes, pipelines);
        OrderedApply apply(ctx, outcomes, properties, options.jobs);
        // Property files see dbt's schema context: env_var, the project's vars and the target.
        core::Target property_target = ctx.project->target;
        if (property_target.schema.empty()) {
            property_target.schema = "analytics";
        }
        ConfigRenderer property_renderer;
        property_renderer.vars = &ctx.project->vars;
        property_renderer.env = options.env;
        property_renderer.target = &property_target;
        property_renderer.dialect = ctx.project->dialect;
        util::parallel_for(
            properties.size(),
            [&](std::size_t k) {
                apply.wait_turn(k);
                read(properties[k]);
                Outcome& o = outcomes[properties[k]];
                if (o.doc && has_jinja(o.text)) {
                    ConfigRenderer r = property_renderer;
                    r.vars = &ctx.project->vars_of(o.package); // a package's files see its vars
                    r.file_text = o.text;
                    render_property_file(r, *o.doc, o.diags);
                }
                apply.done(k);
            },
            options.jobs);
        apply.finish();
        finish_assembly(ctx, jobs, outcomes, pipelines);
    }
    core::sort_diagnostics(ctx.diags);
    result.diagnostics = std::move(ctx.diags);
    return result;
}

LoadResult load_worktree(const std::string& start, LoadOptions options) {
    std::string root = find_project_root(start).string();
    util::WorktreeSource source(root);
    options.source = &source;
    options.root = root;
    return load_project(options);
}

} // namespace dpipe::load
