#include "plan/plan.hpp"
#include "commands/commands.hpp"
#include "commands/common.hpp"
#include "core/error.hpp"
#include "github/client.hpp"
#include "github/context.hpp"
#include "github/sticky.hpp"
#include "load/loader.hpp"
#include "plan/render.hpp"
#include "util/files.hpp"
#include "util/keep_until_exit.hpp"
#include "util/redact.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace dpipe::cli::commands {

namespace {

struct PlanOptions {
    std::string base;
    std::string head;
    std::string format = "text";
    std::string output;
    std::string comment;
    long long pr = 0;
    std::string template_file;
    std::string fail_on;
    std::string vars;
};

// The comment template: --template, else the project's .dpipe/comment.md.mustache, else built in.
std::string comment_template(const PlanOptions& opts, const std::string& root) {
    std::filesystem::path path = opts.template_file;
    if (path.empty()) {
        path = std::filesystem::path(root) / ".dpipe" / "comment.md.mustache";
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            return {};
        }
    }
    auto text = util::read_file(path, 1 << 20);
    if (!text) {
        throw core::Error(core::ExitCode::Usage, "--template: " + text.error().message);
    }
    return *text;
}

std::string markdown(const plan::Plan& p, const std::string& tmpl, std::size_t budget) {
    auto md = plan::render_markdown(p, plan::MarkdownOptions{tmpl, budget});
    if (!md) {
        throw core::Error(core::ExitCode::Usage, md.error().message);
    }
    return md->text;
}

// GitHub Actions: the full plan goes to the job's step summary (GitHub's limit is 1 MiB).
void write_step_summary(const std::string& text) {
    const char* actions = std::getenv("GITHUB_ACTIONS");
    const char* path = std::getenv("GITHUB_STEP_SUMMARY");
    if (actions == nullptr || std::string_view(actions) != "true" || path == nullptr ||
        *path == '\0') {
        return;
    }
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << util::redact(text) << '\n';
    if (!out) {
        std::cerr << "dpipe: warning: cannot append to GITHUB_STEP_SUMMARY (" << path << ")\n";
    }
}

void post_comment(const std::string& body, const PlanOptions& opts, bool quiet) {
    const char* token = std::getenv("GITHUB_TOKEN");
    if (token == nullptr || *token == '\0') {
        throw core::Error(
            core::ExitCode::Usage,
            "--comment github needs GITHUB_TOKEN in the environment (with pull-requests: write)");
    }
    auto env = github::read_actions_env();
    std::optional<long long> number;
    if (opts.pr > 0) {
        number = opts.pr;
    }
    auto pr = github::resolve_pull_request(env, number);
    if (!pr) {
        throw core::Error(core::ExitCode::Usage, pr.error());
    }
    net::CurlClient http;
    github::GitHubOptions options;
    options.api_url = env.api_url;
    github::GitHubClient client(http, token, options);
    auto done = github::upsert_sticky_comment(client, *pr, plan::k_comment_marker, body);
    if (!done) {
        throw github::to_core_error(done.error());
    }
    if (!quiet) {
        const char* what = done->action == github::StickyComment::Action::Created   ? "created"
                           : done->action == github::StickyComment::Action::Updated ? "updated"
                                                                                    : "unchanged";
        std::cerr << "dpipe: plan comment " << what << " on " << pr->repo.full_name() << "#"
                  << pr->number;
        if (!done->url.empty()) {
            std::cerr << ": " << done->url;
        }
        std::cerr << '\n';
    }
}

} // namespace

Action setup_plan(CLI::App& sub, const GlobalOptions& global) {
    auto opts = std::make_shared<PlanOptions>();
    sub.add_option("--base", opts->base,
                   "Compare against the merge base with REF (default: the default branch)")
        ->option_text("REF");
    sub.add_option("--head", opts->head, "The head revision (default: the working tree)")
        ->option_text("REF");
    sub.add_option("--format", opts->format, "text (default), json or markdown")
        ->check(CLI::IsMember({"text", "json", "markdown"}));
    sub.add_option("-o,--output", opts->output, "Write to FILE instead of stdout")
        ->option_text("FILE");
    sub.add_option("--comment", opts->comment, "Post the plan as the pull request's sticky comment")
        ->check(CLI::IsMember({"github"}));
    sub.add_option("--pr", opts->pr, "Pull request number (default: from GITHUB_EVENT_PATH)")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    sub.add_option(
           "--template", opts->template_file,
           "Mustache template of the Markdown (default: .dpipe/comment.md.mustache, else built in)")
        ->option_text("FILE");
    sub.add_option("--fail-on", opts->fail_on, "Exit 1 when the plan has breaking changes")
        ->check(CLI::IsMember({"breaking"}));
    sub.add_option("--vars", opts->vars, "Variables as a JSON object, overriding project vars")
        ->option_text("JSON");
    return [opts, &global] {
        OpenProject open;
        std::string root = load::find_project_root(global.directory).string();
        if (!global.no_cache) {
            open.cache = std::make_unique<project::Cache>(
                (std::filesystem::path(root) / ".dpipe" / "cache").string());
            open.cache->open();
        }
        open.request.root = root;
        std::string tmpl = comment_template(*opts, root);

        plan::PlanRequest req;
        req.project_dir = root;
        req.base = opts->base;
        req.head = opts->head;
        req.cli_vars = parse_vars(opts->vars);
        req.target = global.target;
        req.profiles_dir = profiles_dir(global);
        req.cache = open.cache.get();
        auto run = plan::make_plan(req);
        if (!run) {
            throw core::Error(core::ExitCode::Usage, run.error().message);
        }
        const plan::Plan& p = run->plan;

        std::string text;
        if (opts->format == "json") {
            text = plan::render_json(p);
        } else if (opts->format == "markdown") {
            text = markdown(p, tmpl, plan::k_markdown_budget);
        } else {
            bool tty = opts->output.empty() && ::isatty(STDOUT_FILENO) != 0;
            bool color = global.color == "always" ||
                         (global.color == "auto" && tty && std::getenv("NO_COLOR") == nullptr);
            text = plan::render_text(p, plan::TextOptions{color});
        }
        emit(std::move(text), opts->output);
        // The step summary has room for the whole plan; the comment gets the budgeted one.
        write_step_summary(markdown(p, tmpl, 900'000));
        if (opts->comment == "github") {
            post_comment(markdown(p, tmpl, plan::k_markdown_budget), *opts, global.quiet);
        }
        bool breaking = p.count(plan::Classification::Breaking) > 0;
        int code = finish_project(global, std::move(open), std::move(run->head));
        util::keep_until_exit(std::move(*run));
        if (code == 0 && opts->fail_on == "breaking" && breaking) {
            return static_cast<int>(core::ExitCode::Findings);
        }
        return code;
    };
}

} // namespace dpipe::cli::commands
