// The engine: context, rules in parallel, severities, scope, suppressions.

#include "lint/engine.hpp"

#include "lint/glob.hpp"
#include "lint/registry.hpp"
#include "lint/suppress.hpp"
#include "project/columns.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace dpipe::lint {

namespace {

const std::vector<std::string> k_text_suffixes{".yml", ".yaml", ".csv", ".toml", ".sql"};
const std::vector<std::string> k_skip_dirs{"target", "dbt_packages", "node_modules", "logs", "dbt_modules"};

bool has_jinja(std::string_view s) {
    return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos ||
           s.find("{#") != std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Collects the findings of one rule, stamped with its code and severity.
class RuleReporter : public Reporter {
public:
    RuleReporter(const RuleInfo& info, core::Severity severity, std::vector<Reported>& out, std::mutex& mutex)
        : m_info(info), m_severity(severity), m_out(out), m_mutex(mutex) {}
    void report(Finding f) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_out.push_back({m_info.code, m_info.name, m_severity, std::move(f)});
    }

private:
    const RuleInfo& m_info;
    core::Severity m_severity;
    std::vector<Reported>& m_out;
    std::mutex& m_mutex;
};

bool matches_rule(const std::vector<std::string>& list, const RuleInfo& info) {
    for (const auto& s : list) {
        const Rule* r = find_rule(s);
        if (r != nullptr && &r->info() == &info) {
            return true;
        }
    }
    return false;
}

bool under(std::string_view path, std::string_view dir) {
    if (dir.empty()) {
        return true;
    }
    return path == dir || (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
}

} // namespace

void Engine::build_context(Context& ctx, project::Snapshot& snapshot, const util::FileSource& source,
                           const std::function<bool(std::string_view)>& scope, unsigned jobs) {
    const core::Project& p = snapshot.project;
    ctx.m_snapshot = &snapshot;
    ctx.m_scope = scope;
    auto text_of = [&](const std::string& path, std::string_view fallback) {
        std::string_view t = p.sources_text->get(path);
        return t.empty() && !fallback.empty() ? fallback : t;
    };
    auto node_of = [&](const std::string& uid) -> std::optional<graph::NodeId> {
        if (const graph::NodeId* id = snapshot.graph.find_unique_id(uid)) {
            return *id;
        }
        return std::nullopt;
    };
    // The parse stage's trees (the snapshot was built with Request::keep_scripts): nothing is
    // parsed again here.
    auto script_of = [](const std::vector<std::shared_ptr<const sql::Script>>& scripts, std::size_t i) {
        return i < scripts.size() ? scripts[i].get() : nullptr;
    };
    ctx.m_units.reserve(p.models.size() + p.singular_tests.size() + p.macros.size());
    for (std::size_t i = 0; i < p.models.size(); ++i) {
        const auto& m = p.models[i];
        if (!m.package.empty() && m.package != p.name) {
            continue; // an installed package's model is not the project's to lint
        }
        SqlUnit u;
        u.kind = SqlUnit::Kind::Model;
        u.path = m.path;
        u.raw = text_of(m.path, m.raw_sql);
        u.rendered = m.rendered.done && m.state.status != core::NodeStatus::RenderFailed ? &m.rendered : nullptr;
        u.script = u.rendered != nullptr ? script_of(snapshot.model_scripts, i) : nullptr;
        u.node = node_of(std::string(m.is_snapshot ? "snapshot." : "model.") + p.name + "." + m.node_name());
        u.state = &m.state;
        ctx.m_units.push_back(std::move(u));
    }
    for (std::size_t i = 0; i < p.singular_tests.size(); ++i) {
        const auto& t = p.singular_tests[i];
        SqlUnit u;
        u.kind = SqlUnit::Kind::SingularTest;
        u.path = t.path;
        u.raw = text_of(t.path, t.raw_sql);
        u.rendered = t.rendered.done && t.state.status != core::NodeStatus::RenderFailed ? &t.rendered : nullptr;
        u.script = u.rendered != nullptr ? script_of(snapshot.test_scripts, i) : nullptr;
        u.node = node_of("test." + p.name + "." + t.name);
        u.state = &t.state;
        ctx.m_units.push_back(std::move(u));
    }
    for (const auto& mf : p.macros) {
        if (mf.package != p.name) {
            continue; // installed packages are not the project's to lint
        }
        SqlUnit u;
        u.kind = SqlUnit::Kind::Macro;
        u.path = mf.path;
        u.raw = text_of(mf.path, mf.text);
        ctx.m_units.push_back(std::move(u));
    }
    for (auto& u : ctx.m_units) {
        u.has_jinja = has_jinja(u.raw);
    }


    // The other text files, read once.
    std::vector<util::ListProblem> problems;
    util::ListOptions lo;
    lo.suffixes = k_text_suffixes;
    lo.skip_dirs = k_skip_dirs;
    std::vector<std::string> files = source.list("", lo, problems);
    std::unordered_map<std::string_view, bool> unit_paths;
    for (const auto& u : ctx.m_units) {
        unit_paths[u.path] = true;
    }
    // Files of other kinds some rules read (CODEOWNERS has no suffix; .github is hidden).
    for (const char* extra : {"CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"}) {
        if (source.is_file(extra)) {
            files.emplace_back(extra);
        }
    }
    ctx.m_storage.reserve(files.size()); // views into it must not move
    for (const auto& f : files) {
        if (unit_paths.count(f) != 0) {
            continue;
        }
        std::string_view text = p.sources_text->get(f);
        if (text.empty()) {
            auto data = source.read(f, 8u << 20);
            if (!data) {
                continue;
            }
            ctx.m_storage.push_back(std::move(data->bytes));
            text = ctx.m_storage.back();
        }
        ctx.m_text_files.push_back({f, text});
    }
    ctx.m_compute_lineage = [&snapshot, jobs] { return project::column_lineage(snapshot, jobs); };
}

LintResult Engine::run(project::Snapshot& snapshot, const util::FileSource& source, const LintOptions& opts,
                       std::optional<project::ColumnLineage> lineage) {
    LintResult result;
    LintConfig cfg = read_config(snapshot.project, result.config_errors);
    for (const auto* list : {&opts.only_rules, &opts.exclude_rules}) {
        for (const auto& name : *list) {
            if (find_rule(name) == nullptr) {
                result.config_errors.push_back({core::Severity::Error, "LN001", {},
                                                "unknown rule '" + name + "' (dpipe lint --list-rules lists them)", {}});
            }
        }
    }

    // Which rules run.
    const RuleList& rules = all_rules();
    std::vector<std::size_t> enabled;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const RuleInfo& info = rules[i]->info();
        bool on = opts.only_rules.empty() ? cfg.rules[i].enabled : matches_rule(opts.only_rules, info);
        if (on && !matches_rule(opts.exclude_rules, info)) {
            enabled.push_back(i);
        }
    }
    result.rules = enabled.size();
    for (std::size_t i : enabled) {
        result.rule_codes.push_back(rules[i]->info().code);
    }

    // Which files findings may be in.
    std::vector<std::string> changed;
    if (opts.changed) {
        changed = *opts.changed;
        std::sort(changed.begin(), changed.end());
    }
    auto scope = [&opts, &cfg, changed](std::string_view path) {
        if (!opts.paths.empty() && std::none_of(opts.paths.begin(), opts.paths.end(),
                                                [&](const std::string& d) { return under(path, d); })) {
            return false;
        }
        if (opts.changed && !std::binary_search(changed.begin(), changed.end(), path)) {
            return false;
        }
        if (!cfg.include.empty() && std::none_of(cfg.include.begin(), cfg.include.end(),
                                                 [&](const std::string& g) { return glob_match(g, path); })) {
            return false;
        }
        return std::none_of(cfg.exclude.begin(), cfg.exclude.end(),
                            [&](const std::string& g) { return glob_match(g, path); });
    };

    Context ctx;
    build_context(ctx, snapshot, source, scope, opts.jobs);
    if (lineage) {
        ctx.m_compute_lineage = [&lineage] { return std::move(*lineage); };
    }
    bool wants_lineage = std::any_of(enabled.begin(), enabled.end(),
                                     [&](std::size_t i) { return rules[i]->info().uses_lineage; });
    if (wants_lineage && snapshot.analysed) {
        ctx.lineage(); // now, before the checks read node states from several threads
    }

    std::vector<Reported> raw;
    std::mutex mutex;
    std::vector<RuleOptions> options;
    options.reserve(rules.size());
    for (const auto& s : cfg.rules) {
        options.emplace_back(s.options);
    }
    util::parallel_for(
        enabled.size(),
        [&](std::size_t k) {
            std::size_t i = enabled[k];
            RuleReporter out(rules[i]->info(), cfg.rules[i].severity, raw, mutex);
            rules[i]->check_project(ctx, options[i], out);
        },
        opts.jobs);
    std::vector<const SqlUnit*> units;
    for (const auto& u : ctx.units()) {
        if (scope(u.path)) {
            units.push_back(&u);
        }
    }
    util::parallel_for(
        units.size(),
        [&](std::size_t k) {
            for (std::size_t i : enabled) {
                RuleReporter out(rules[i]->info(), cfg.rules[i].severity, raw, mutex);
                rules[i]->check_unit(ctx, *units[k], options[i], out);
            }
        },
        opts.jobs);

    // Scope, then suppressions.
    std::unordered_map<std::string, std::vector<Suppression>> suppressions;
    std::size_t in_scope_files = 0;
    auto scan = [&](const std::string& path, std::string_view text, bool sql) {
        if (!scope(path)) {
            return;
        }
        ++in_scope_files;
        auto found = find_suppressions(path, text, sql);
        if (!found.empty()) {
            suppressions[path] = std::move(found);
        }
    };
    for (const auto& u : ctx.units()) {
        scan(u.path, u.raw, true);
    }
    for (const auto& f : ctx.text_files()) {
        scan(f.path, f.text, ends_with(f.path, ".sql"));
    }
    result.files = in_scope_files;
    bool whole = opts.paths.empty() && !opts.changed && cfg.include.empty();
    // With --changed, findings about a listed model or seed located in its (untouched) property
    // entry count as the node's: the node is what the change concerns.
    std::vector<core::SourceLoc> touched_entries;
    if (opts.changed) {
        auto listed = [&](const std::string& path, const core::SourceLoc& entry) {
            if (entry.valid() && std::binary_search(changed.begin(), changed.end(), path)) {
                touched_entries.push_back(entry);
            }
        };
        for (const auto& m : snapshot.project.models) {
            listed(m.path, m.properties_loc);
        }
        for (const auto& s : snapshot.project.seeds) {
            listed(s.path, s.properties_loc);
        }
    }
    auto touched_entry = [&](const core::SourceLoc& loc) {
        return std::find(touched_entries.begin(), touched_entries.end(), loc) != touched_entries.end();
    };
    for (auto& r : raw) {
        const std::string& file = r.finding.loc.file;
        if (file.empty() ? !whole : !scope(file) && !touched_entry(r.finding.loc)) {
            continue;
        }
        if (under(file, snapshot.project.packages_install_path) && !file.empty()) {
            continue; // installed packages' nodes are loaded, but not the project's to lint
        }
        bool suppressed = false;
        if (auto it = suppressions.find(file); it != suppressions.end()) {
            for (auto& s : it->second) {
                if (covers(s, r.code, r.rule_name, r.finding.loc.line)) {
                    s.used = true;
                    suppressed = true;
                }
            }
        }
        if (suppressed) {
            ++result.suppressed;
        } else {
            result.findings.push_back(std::move(r));
        }
    }

    // A suppression that suppresses nothing is a finding itself (unused-suppression), when the
    // rule it names ran: otherwise there is no telling.
    const Rule* unused = find_rule("unused-suppression");
    std::size_t unused_index = rules.size();
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].get() == unused) {
            unused_index = i;
        }
    }
    bool unused_on = std::find(enabled.begin(), enabled.end(), unused_index) != enabled.end();
    if (unused_on) {
        for (const auto& [file, list] : suppressions) {
            for (const auto& s : list) {
                if (s.used) {
                    continue;
                }
                const Rule* named = find_rule(s.code);
                std::string msg;
                if (named == nullptr) {
                    msg = "suppression of unknown rule '" + s.code + "'";
                } else {
                    bool ran = std::any_of(enabled.begin(), enabled.end(),
                                           [&](std::size_t i) { return rules[i].get() == named; });
                    if (!ran || named == unused) {
                        continue;
                    }
                    msg = "suppression of " + named->info().code + " (" + named->info().name + ") suppresses nothing" +
                          (s.whole_file ? " in this file" : " on this line or the next");
                }
                Finding f;
                f.loc = s.loc;
                f.message = msg;
                f.fix = removal(s, list, ctx.file_text(file));
                result.findings.push_back({unused->info().code, unused->info().name,
                                           cfg.rules[unused_index].severity, std::move(f)});
            }
        }
    }

    std::sort(result.findings.begin(), result.findings.end(), [](const Reported& a, const Reported& b) {
        const auto& la = a.finding.loc;
        const auto& lb = b.finding.loc;
        return std::tie(la.file, la.line, la.col, a.code, a.finding.message) <
               std::tie(lb.file, lb.line, lb.col, b.code, b.finding.message);
    });
    // One rule reporting the same thing twice (a diagnostic seen by two paths) is shown once.
    result.findings.erase(std::unique(result.findings.begin(), result.findings.end(),
                                      [](const Reported& a, const Reported& b) {
                                          return a.code == b.code && a.finding.loc == b.finding.loc &&
                                                 a.finding.message == b.finding.message;
                                      }),
                          result.findings.end());
    return result;
}

std::optional<std::string> project_path(const std::string& root, const std::string& cwd, const std::string& arg) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p = fs::path(arg).is_absolute() ? fs::path(arg) : fs::path(cwd) / arg;
    fs::path canon = fs::weakly_canonical(p, ec);
    fs::path base = fs::weakly_canonical(root, ec);
    fs::path rel = canon.lexically_relative(base);
    std::string s = rel.generic_string();
    if (s.empty() || s == ".." || s.rfind("../", 0) == 0) {
        return std::nullopt;
    }
    return s == "." ? std::string() : s;
}

} // namespace dpipe::lint
