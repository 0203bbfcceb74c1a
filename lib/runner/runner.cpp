#include "runner/runner.hpp"
#include "util/interrupt.hpp"

#include "core/error.hpp"
#include "docker/cleanup.hpp"
#include "runner/environment.hpp"
#include "runner/steps.hpp"
#include "runner/tasks.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace dpipe::runner {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void run_task(const StepContext& ctx, const Task& task, StepResult& result) {
    const auto& node = ctx.cp.graph.node(task.node);
    const auto& p = ctx.cp.project;
    switch (task.step) {
    case Step::Seed: load_seed(ctx, p.seeds[node.index], result); break;
    case Step::Fixture: load_fixture(ctx, p.sources[node.index], result); break;
    case Step::Model: build_model(ctx, p.models[node.index], result); break;
    case Step::Test: run_data_test(ctx, node, result); break;
    case Step::UnitTest: run_unit_test(ctx, p.unit_tests[node.index], result); break;
    }
}

// Runs tasks on `workers` connections, each task once all its dependencies passed; a task whose
// dependency did not pass is skipped. The first connection error stops the run and is rethrown.
class Scheduler {
public:
    Scheduler(const project::Snapshot& cp, const util::FileSource& files,
              const std::vector<Task>& tasks, bool fail_fast, const Progress& progress)
        : m_cp(cp), m_files(files), m_tasks(tasks), m_fail_fast(fail_fast), m_progress(progress),
          m_results(tasks.size()), m_waiting(tasks.size()), m_children(tasks.size()) {
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const auto& n = cp.graph.node(tasks[i].node);
            m_results[i].step = tasks[i].step;
            m_results[i].name = n.name;
            m_results[i].unique_id = n.unique_id;
            m_results[i].loc = n.loc;
            m_waiting[i] = tasks[i].deps.size();
            for (std::size_t d : tasks[i].deps) {
                m_children[d].push_back(i);
            }
            if (m_waiting[i] == 0) {
                m_ready.push_back(i);
            }
        }
    }

    std::vector<StepResult> run(std::vector<engine::Connection*> conns) {
        std::vector<std::thread> threads;
        for (std::size_t w = 1; w < conns.size(); ++w) {
            threads.emplace_back([this, c = conns[w]] { work(*c); });
        }
        work(*conns[0]);
        for (auto& t : threads) {
            t.join();
        }
        if (m_error) {
            std::rethrow_exception(m_error);
        }
        return std::move(m_results);
    }

private:
    void work(engine::Connection& conn) {
        StepContext ctx{m_cp, conn, m_files};
        for (;;) {
            std::size_t i;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_cv.wait(lock, [&] { return !m_ready.empty() || m_done == m_tasks.size() || m_error; });
                if (m_ready.empty() || m_error) {
                    return;
                }
                i = m_ready.front();
                m_ready.pop_front();
            }
            auto start = Clock::now();
            StepResult& r = m_results[i];
            try {
                if (m_stop) {
                    r.status = Status::Skipped;
                    r.message = "skipped: --fail-fast after an earlier failure";
                } else {
                    run_task(ctx, m_tasks[i], r);
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (!m_error) {
                    m_error = std::current_exception();
                }
                m_cv.notify_all();
                return;
            }
            r.seconds = since(start);
            finish(i);
        }
    }

    void finish(std::size_t i) {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<std::size_t> stack{i};
        while (!stack.empty()) {
            std::size_t cur = stack.back();
            stack.pop_back();
            ++m_done;
            const StepResult& r = m_results[cur];
            if (m_fail_fast && (r.status == Status::Fail || r.status == Status::Error)) {
                m_stop = true;
            }
            if (m_progress) {
                m_progress(r, m_done, m_tasks.size());
            }
            bool passed = r.status == Status::Pass || r.status == Status::Warn;
            for (std::size_t c : m_children[cur]) {
                if (!passed && m_results[c].status != Status::Skipped) {
                    m_results[c].status = Status::Skipped;
                    m_results[c].message = "skipped: " + std::string(step_name(r.step)) + " " +
                                           r.name + " did not succeed";
                }
                if (--m_waiting[c] == 0) {
                    if (m_results[c].status == Status::Skipped) {
                        stack.push_back(c);
                    } else {
                        m_ready.push_back(c);
                    }
                }
            }
        }
        m_cv.notify_all();
    }

    const project::Snapshot& m_cp;
    const util::FileSource& m_files;
    const std::vector<Task>& m_tasks;
    bool m_fail_fast;
    const Progress& m_progress;
    std::vector<StepResult> m_results;
    std::vector<std::size_t> m_waiting;
    std::vector<std::vector<std::size_t>> m_children;
    std::deque<std::size_t> m_ready;
    std::size_t m_done = 0;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

// The nodes of `selected` whose unique id is in `ids`, in the same order.
std::vector<graph::NodeId> only_these(const graph::Graph& g, const std::vector<graph::NodeId>& selected,
                                      const std::vector<std::string>& ids) {
    std::vector<char> wanted(g.size(), 0);
    for (const auto& id : ids) {
        if (const graph::NodeId* n = g.find_unique_id(id)) {
            wanted[*n] = 1;
        }
    }
    std::vector<graph::NodeId> out;
    for (graph::NodeId n : selected) {
        if (wanted[n]) {
            out.push_back(n);
        }
    }
    return out;
}

// The project's errors, all at once, as the exit-2 error of the run.
core::Error project_error(const project::Snapshot& s) {
    std::vector<core::Diagnostic> errors;
    for (const auto& d : s.diagnostics) {
        if (d.severity == core::Severity::Error) {
            errors.push_back(d);
        }
    }
    core::Error e(core::ExitCode::Usage, "the project has errors", std::move(errors));
    e.with_sources(s.project.sources_text);
    return e;
}

// On SIGINT/SIGTERM the interrupt watcher cancels the run's running statements, then waits
// (bounded) until the run has unwound, so that its schemas are dropped before exit 130. Before
// any connection exists (starting a container) there is nothing to wait for.
struct InterruptScope {
    std::shared_ptr<engine::CancelGroup> group = std::make_shared<engine::CancelGroup>();
    int hook = 0;
    InterruptScope() {
        docker::install_interrupt_cleanup();
        hook = util::add_interrupt_hook([g = group] {
            if (g->cancel_all() > 0) {
                g->wait_released(std::chrono::seconds(15));
            }
        });
    }
    ~InterruptScope() {
        group->release();
        util::remove_interrupt_hook(hook);
    }
};

} // namespace

RunSummary run_tests(const TestRequest& request, const Progress& progress) {
    auto start = Clock::now();
    if (request.shard_count == 0 || request.shard_index == 0 ||
        request.shard_index > request.shard_count) {
        throw core::Error(core::ExitCode::Usage, "--shard must be I/N with 1 <= I <= N");
    }
    // Load before any container starts, to validate the project and read its test settings;
    // then render once, for the engine that will run the SQL: flat names for SQLite, the run's
    // own schemas on an existing server.
    project::Snapshot cp = project::load(request.project);
    if (cp.has_errors()) {
        throw project_error(cp);
    }
    const auto& settings = cp.project.test;
    EnvironmentRequest env_req;
    env_req.engine = request.engine.empty() ? settings.engine : request.engine;
    env_req.image = request.image.empty() ? settings.image : request.image;
    env_req.image_loc = {cp.project.config_file, 0, 0};
    env_req.keep = request.keep;
    std::vector<std::unique_ptr<engine::Connection>> extra; // outlives the interrupt scope
    InterruptScope interrupt; // outlives env: released once env has cleaned up
    Environment env(env_req);
    interrupt.group->add(env.primary());
    project::Request analysis = request.project;
    if (!env.run_schema().empty()) {
        analysis.relations.schema_override = env.run_schema();
        analysis.relations.source_schema_prefix = env.run_schema() + "_";
    }
    analysis.relations.flat_relations = env.engine() == "sqlite";
    project::analyse(cp, analysis);
    if (cp.has_errors()) {
        throw project_error(cp);
    }
    auto selected = graph::apply(cp.graph, request.selection);
    if (!selected) {
        throw core::Error(core::ExitCode::Usage, selected.error().message);
    }
    if (request.only) {
        *selected = only_these(cp.graph, *selected, *request.only);
    }

    std::vector<Task> tasks = plan_tasks(cp, *selected, request.shard_index, request.shard_count);

    // Schemas are created up front, on the primary connection, so workers never race to.
    for (const auto& t : tasks) {
        const auto& n = cp.graph.node(t.node);
        std::string relation;
        if (t.step == Step::Fixture) {
            const auto& s = cp.project.sources[n.index];
            relation = cp.relations.sources.at(s.source_name + "." + s.name);
        } else if (t.step == Step::Seed || t.step == Step::Model) {
            relation = cp.relations.refs.at(n.name);
        } else {
            continue;
        }
        std::string schema = split_relation(relation).schema;
        if (!schema.empty()) {
            env.ensure_schema(schema);
        }
    }
    if (std::any_of(tasks.begin(), tasks.end(), [](const Task& t) { return t.step == Step::UnitTest; })) {
        env.ensure_schema("dpipe_unit");
    }

    unsigned jobs = request.jobs != 0 ? request.jobs : static_cast<unsigned>(std::max(1, settings.jobs));
    jobs = std::min(jobs, env.max_connections());
    std::vector<engine::Connection*> conns{&env.primary()};
    for (unsigned j = 1; j < jobs; ++j) {
        extra.push_back(env.connect());
        conns.push_back(extra.back().get());
        interrupt.group->add(*extra.back());
    }

    RunSummary summary;
    summary.engine = env.engine();
    summary.engine_note = env.note();
    summary.ready_seconds = env.ready_seconds();
    Scheduler scheduler(cp, *request.project.source, tasks, request.fail_fast, progress);
    summary.steps = scheduler.run(conns);
    summary.seconds = since(start);
    return summary;
}

} // namespace dpipe::runner
