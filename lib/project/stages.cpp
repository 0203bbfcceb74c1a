// The staged pipeline: load, then render, parse and graph, each tolerant of bad nodes.

#include "project/snapshot.hpp"

#include "core/source_map.hpp"
#include "load/loader.hpp"
#include "project/cache.hpp"
#include "project/render_setup.hpp"
#include "sql/dialect.hpp"
#include "sql/lineage.hpp"
#include "sql/parser.hpp"
#include "template/render.hpp"
#include "util/hash.hpp"
#include "util/redact.hpp"
#include "util/thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace dpipe::project {

namespace {

double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Merges what config() calls in the SQL set into the model (SQL config wins).
void apply_sql_config(core::Model& m) {
    for (const auto& [key, value] : m.rendered.config.items()) {
        m.config[key] = value;
    }
    auto tags = m.rendered.config.find("tags");
    if (tags != m.rendered.config.end()) {
        auto add = [&](const core::Json& t) {
            if (t.is_string() && std::find(m.tags.begin(), m.tags.end(), t.get<std::string>()) == m.tags.end()) {
                m.tags.push_back(t.get<std::string>());
            }
        };
        if (tags->is_array()) {
            for (const auto& t : *tags) {
                add(t);
            }
        } else {
            add(*tags);
        }
    }
}

// One SQL file to render: a model (parsed afterwards) or a singular test.
struct Unit {
    std::string_view text;
    const std::string* path;
    const std::string* name;
    std::string self; // what ref() calls this node: its name, "m.v2" for a version
    const std::string* content_id;
    core::Rendered* rendered;
    core::NodeState* state;
    bool parse;
    std::shared_ptr<const sql::Script>* script; // where to keep the parsed script; null: do not keep
    const core::Json* vars; // what var() reads: the vars of the node's project or package
};

class Analyser {
public:
    Analyser(Snapshot& s, const Request& req) : m_s(s), m_p(s.project), m_req(req) {}

    void run() {
        auto start = std::chrono::steady_clock::now();
        m_dialect = sql::parse_dialect(m_p.dialect).value_or(sql::Dialect::Ansi);
        build_macros();
        const RelationOptions& ro = m_req.relations;
        const std::string& target = ro.target.empty() ? m_p.target.name : ro.target;
        m_s.schema = ro.schema_override.empty() ? target_schema(m_p, target) : ro.schema_override;
        m_s.relations = relation_map(m_p, m_s.schema, ro.source_schema_prefix, ro.flat_relations);
        m_target.name = target;
        m_target.schema = m_s.schema;
        // dbt's target.type is the adapter type; without a profile, the dialect.
        m_target.type = m_p.target.type.empty() ? m_p.dialect : m_p.target.type;
        if (target == m_p.target.name) {
            m_target.database = m_p.target.database;
        }
        // `target` as dbt shows it (with profile_name and threads, which tmpl::Target lacks).
        m_globals = core::Json::object();
        core::Json& t = m_globals["target"];
        t["name"] = m_target.name;
        t["target_name"] = m_target.name;
        t["schema"] = m_target.schema;
        t["type"] = m_target.type;
        t["database"] = m_target.database;
        t["profile_name"] = m_p.target.profile_name.empty() ? m_p.name : m_p.target.profile_name;
        t["threads"] = m_p.target.threads;
        m_base_key = base_key();
        m_s.render_setup = m_setup;

        const bool keep = m_req.keep_scripts;
        m_s.model_scripts.assign(keep ? m_p.models.size() : 0, nullptr);
        m_s.test_scripts.assign(keep ? m_p.singular_tests.size() : 0, nullptr);
        m_s.analysis_scripts.assign(keep ? m_p.analyses.size() : 0, nullptr);
        std::vector<Unit> units;
        units.reserve(m_p.models.size() + m_p.singular_tests.size() + m_p.analyses.size());
        for (std::size_t i = 0; i < m_p.models.size(); ++i) {
            auto& m = m_p.models[i];
            units.push_back({m.raw_sql, &m.path, &m.name, m.node_name(), &m.content_id, &m.rendered, &m.state, true,
                             keep ? &m_s.model_scripts[i] : nullptr, &m_p.vars_of(m.package)});
        }
        for (std::size_t i = 0; i < m_p.singular_tests.size(); ++i) {
            auto& t = m_p.singular_tests[i];
            units.push_back({t.raw_sql, &t.path, &t.name, t.name, &t.content_id, &t.rendered, &t.state, false,
                             keep ? &m_s.test_scripts[i] : nullptr, &m_p.vars});
        }
        // Analyses render and parse like models (dbt compiles them) but are never built.
        for (std::size_t i = 0; i < m_p.analyses.size(); ++i) {
            auto& a = m_p.analyses[i];
            units.push_back({a.raw_sql, &a.path, &a.name, a.name, &a.content_id, &a.rendered, &a.state, true,
                             keep ? &m_s.analysis_scripts[i] : nullptr, &m_p.vars_of(a.package)});
        }
        std::vector<std::vector<core::Diagnostic>> diags(units.size());
        util::parallel_for(
            units.size(), [&](std::size_t i) { diags[i] = analyse_unit(units[i]); }, m_req.jobs);
        for (auto& ds : diags) {
            for (auto& d : ds) {
                m_sink.report(std::move(d));
            }
        }
        for (auto& m : m_p.models) {
            apply_sql_config(m);
        }
        for (auto& a : m_p.analyses) {
            apply_sql_config(a);
        }
        if (m_req.cache != nullptr) {
            m_req.cache->release_pages();
        }
        m_s.timings.emplace_back("render+parse", since(start));
        start = std::chrono::steady_clock::now();
        m_s.graph = graph::build_graph(m_p, m_sink, m_req.jobs);
        m_s.timings.emplace_back("graph", since(start));
        for (auto& d : m_sink.take()) {
            m_s.diagnostics.push_back(std::move(d));
        }
        core::sort_diagnostics(m_s.diagnostics);
        m_s.analysed = true;
    }

private:
    void build_macros() {
        m_macros.set_root_package(m_p.name);
        // dbt_project.yml `dispatch: [{macro_namespace: x, search_order: [a, b]}]`.
        if (auto it = m_p.dbt_configs.find("dispatch"); it != m_p.dbt_configs.end() && it->is_array()) {
            for (const auto& d : *it) {
                auto ns = d.find("macro_namespace");
                auto order = d.find("search_order");
                if (d.is_object() && ns != d.end() && ns->is_string() && order != d.end() && order->is_array()) {
                    std::vector<std::string> packages;
                    for (const auto& pkg : *order) {
                        if (pkg.is_string()) {
                            packages.push_back(pkg.get<std::string>());
                        }
                    }
                    m_macros.set_dispatch_order(ns->get<std::string>(), std::move(packages));
                }
            }
        }
        for (const auto& mf : m_p.macros) {
            m_macros.add_file(mf.package, mf.path, mf.text, m_sink);
        }
    }

    // Everything known before any render that decides every render's result.
    std::string base_key() const {
        util::Sha256 h;
        auto field = [&](std::string_view v) {
            h.update(v);
            h.update(std::string_view("\0", 1));
        };
        field(Cache::build_id());
        field(m_p.name);
        field(m_p.dialect);
        field(m_target.name);
        field(m_target.schema);
        field(m_target.type);
        field(m_target.database);
        field(m_globals.dump());
        field(m_p.vars.dump());
        field(m_p.version); // builtins.ref.config exposes the project's and packages' versions
        for (const auto& pkg : m_p.packages) {
            field(pkg.name);
            field(pkg.version);
            field(pkg.node_vars.dump()); // what var() reads in the package's nodes
        }
        if (auto it = m_p.dbt_configs.find("dispatch"); it != m_p.dbt_configs.end()) {
            field(it->dump());
        }
        std::vector<const core::MacroFile*> macros;
        for (const auto& mf : m_p.macros) {
            macros.push_back(&mf);
        }
        std::sort(macros.begin(), macros.end(),
                  [](const core::MacroFile* a, const core::MacroFile* b) { return a->path < b->path; });
        for (const auto* mf : macros) {
            field(mf->package);
            field(mf->path);
            field(mf->content_id);
        }
        return to_hex(h.finish());
    }

    static std::string to_hex(const std::array<std::uint8_t, 32>& d) {
        static const char* k_digits = "0123456789abcdef";
        std::string out;
        out.reserve(64);
        for (auto b : d) {
            out += k_digits[b >> 4];
            out += k_digits[b & 15];
        }
        return out;
    }

    std::string unit_key(const Unit& u, const std::string& own_relation) const {
        util::Sha256 h;
        for (std::string_view v : {std::string_view(m_base_key), std::string_view(*u.content_id),
                                   std::string_view(*u.path), std::string_view(*u.name),
                                   std::string_view(own_relation), std::string_view(u.parse ? "model" : "test")}) {
            h.update(v);
            h.update(std::string_view("\0", 1));
        }
        return to_hex(h.finish());
    }

    std::string resolve_ref(const core::Ref& r) const { return m_s.relations.ref(m_p, m_s.schema, r); }
    std::string resolve_source(const core::SourceCall& s) const { return m_s.relations.source(m_p, s); }

    static std::optional<std::string> read_env(const std::string& name) {
        if (const char* v = std::getenv(name.c_str())) {
            return std::string(v);
        }
        return std::nullopt;
    }
    static std::string env_digest(const std::optional<std::string>& v) { return v ? util::sha256_hex(*v) : ""; }

    // A cached entry still holds when everything it read resolves as it did.
    bool still_valid(const RenderEntry& e) const {
        for (const auto& [key, relation] : e.relations) {
            std::string now;
            if (key.rfind("ref:", 0) == 0) {
                core::Ref r;
                r.name = key.substr(4);
                now = resolve_ref(r);
            } else {
                std::string rest = key.substr(7);
                std::size_t dot = rest.find('.');
                core::SourceCall s;
                s.source_name = rest.substr(0, dot);
                s.table_name = dot == std::string::npos ? std::string() : rest.substr(dot + 1);
                now = resolve_source(s);
            }
            if (now != relation) {
                return false;
            }
        }
        for (const auto& [name, digest] : e.env) {
            if (env_digest(read_env(name)) != digest) {
                return false;
            }
        }
        return true;
    }

    // Renders and, for a model, parses (the script is moved into *u.script when kept).
    std::shared_ptr<RenderEntry> render_fresh(const Unit& u) const {
        auto e = std::make_shared<RenderEntry>();
        tmpl::RenderRequest req;
        req.text = u.text;
        req.file = *u.path;
        req.macros = &m_macros;
        req.vars = u.vars;
        req.project = &m_p;
        req.target = m_target;
        req.globals = &m_globals;
        req.model_name = *u.name;
        req.resolve_ref = [&](const core::Ref& r) {
            std::string rel = resolve_ref(r);
            e->relations.emplace_back("ref:" + RelationMap::ref_key(r), rel);
            return rel;
        };
        req.resolve_source = [&](const core::SourceCall& s) {
            std::string rel = resolve_source(s);
            e->relations.emplace_back("source:" + s.source_name + "." + s.table_name, rel);
            return rel;
        };
        req.env = [&](const std::string& name) {
            auto v = read_env(name);
            e->env.emplace_back(name, env_digest(v));
            return v;
        };
        auto r = tmpl::render(req);
        if (!r) {
            e->ok = false;
            e->diagnostics.push_back(r.error());
        } else {
            e->rendered = std::move(r->rendered);
            e->diagnostics = std::move(r->diagnostics);
        }
        dedupe(e->relations);
        dedupe(e->env);
        e->holds_secret = std::any_of(e->env.begin(), e->env.end(),
                                      [](const auto& read) { return util::is_secret_name(read.first); });
        if (e->ok && u.parse) {
            sql::Script script = sql::parse(*u.path, e->rendered.sql, m_dialect);
            const auto& found = script.diagnostics();
            if (!found.empty()) {
                // dbt never parses SQL: what dpipe cannot parse is a warning about the node. The
                // first diagnostic is the cause; the ones after it are mostly its echoes.
                core::Diagnostic d = found.front();
                d.severity = core::Severity::Warning;
                // The parser located it in the rendered text; point at the model file instead.
                d.loc = core::relocate(e->rendered, d.loc);
                if (found.size() > 1) {
                    d.notes.push_back(std::to_string(found.size() - 1) + " more in this model (the parser resumed after it)");
                }
                e->parse_diagnostics.push_back(std::move(d));
            }
            e->parsed = true;
            if (u.script != nullptr) {
                *u.script = std::make_shared<const sql::Script>(std::move(script));
            }
        }
        return e;
    }

    static void dedupe(std::vector<std::pair<std::string, std::string>>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }

    std::vector<core::Diagnostic> analyse_unit(const Unit& u) const {
        std::shared_ptr<const RenderEntry> entry;
        std::string key;
        Cache* cache = m_req.cache;
        if (cache != nullptr) {
            core::Ref self;
            self.name = u.self;
            key = unit_key(u, u.parse ? resolve_ref(self) : std::string());
            entry = cache->find(key);
            if (entry && !still_valid(*entry)) {
                entry = nullptr;
            }
            if (entry) {
                cache->note_hit();
                // The render that would have registered its secret env_var() values with the
                // redactor did not run: register them as it would have.
                for (const auto& [name, digest] : entry->env) {
                    if (util::is_secret_name(name)) {
                        if (auto v = read_env(name)) {
                            util::register_secret(*v);
                        }
                    }
                }
            } else {
                cache->note_miss();
            }
        }
        std::shared_ptr<RenderEntry> own; // a fresh render nothing else holds: moved, not copied
        if (!entry) {
            own = render_fresh(u);
            entry = own;
            if (cache != nullptr) {
                cache->store(key, entry);
                own = nullptr;
            }
        }
        std::vector<core::Diagnostic> out = entry->diagnostics;
        if (!entry->ok) {
            u.state->status = core::NodeStatus::RenderFailed;
            u.state->reason = entry->diagnostics.front().headline();
            u.state->loc = entry->diagnostics.front().loc;
            return out;
        }
        if (own != nullptr) {
            *u.rendered = std::move(own->rendered);
        } else {
            *u.rendered = entry->rendered;
        }
        if (u.script != nullptr && *u.script == nullptr) {
            // A cached render (its parse diagnostics are cached, its tree is not) or a singular
            // test (parsed only for the commands that read its tree).
            *u.script = std::make_shared<const sql::Script>(sql::parse(*u.path, u.rendered->sql, m_dialect));
        }
        if (!entry->parse_diagnostics.empty()) {
            // A model that is only the placeholder of an unavailable macro is no SQL error.
            if (std::string why = sql::whole_placeholder_reason(u.rendered->sql); !why.empty()) {
                u.state->status = core::NodeStatus::NotTraced;
                u.state->reason = *u.path + ": " + why;
                u.state->loc = entry->parse_diagnostics.front().loc;
                return out;
            }
            u.state->status = core::NodeStatus::ParseFailed;
            u.state->reason = entry->parse_diagnostics.front().headline();
            u.state->loc = entry->parse_diagnostics.front().loc;
            out.insert(out.end(), entry->parse_diagnostics.begin(), entry->parse_diagnostics.end());
        }
        return out;
    }

    Snapshot& m_s;
    core::Project& m_p;
    const Request& m_req;
    core::CollectingSink m_sink;
    std::shared_ptr<RenderSetup> m_setup = std::make_shared<RenderSetup>(); // kept by the snapshot
    tmpl::MacroRegistry& m_macros = m_setup->macros;
    tmpl::Target& m_target = m_setup->target;
    core::Json& m_globals = m_setup->globals; // {"target": {...}}: what Jinja's `target` shows
    sql::Dialect m_dialect = sql::Dialect::Ansi;
    std::string m_base_key;
};

} // namespace

bool node_diagnostic(const core::Diagnostic& d) { return d.code.rfind("SQ", 0) == 0; }

bool Snapshot::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const core::Diagnostic& d) { return d.severity == core::Severity::Error; });
}

StageCounts Snapshot::counts() const {
    StageCounts c;
    for (const auto& m : project.models) {
        if (!m.enabled()) {
            continue;
        }
        ++c.models;
        switch (m.state.status) {
        case core::NodeStatus::RenderFailed:
            ++c.not_rendered;
            break;
        case core::NodeStatus::ParseFailed:
            ++c.not_parsed;
            break;
        case core::NodeStatus::NotTraced:
            ++c.not_traced;
            break;
        case core::NodeStatus::Ok:
            break;
        }
    }
    return c;
}

Snapshot load(const Request& req) {
    auto start = std::chrono::steady_clock::now();
    load::LoadOptions lo;
    lo.source = req.source;
    lo.root = req.root;
    // Copying a JSON value recurses as deep as it is nested: refuse --vars past the limits before
    // the copy (the loader checks them too late for that), with the loader's own diagnostic.
    if (auto ok = load::check_json_limits(req.cli_vars, lo.limits, {"--vars", 1, 1}); !ok) {
        Snapshot s;
        s.diagnostics.push_back(ok.error());
        s.config_failed = true;
        return s;
    }
    lo.cli_vars = req.cli_vars;
    lo.jobs = req.jobs;
    lo.target = req.target;
    lo.profiles_dir = req.profiles_dir;
    lo.cache = req.cache;
    load::LoadResult lr = load::load_project(lo);
    if (req.cache != nullptr) {
        req.cache->release_pages(); // the load records are decoded
    }
    Snapshot s;
    s.project = std::move(lr.project);
    s.diagnostics = std::move(lr.diagnostics);
    s.config_failed = lr.config_failed;
    s.timings.emplace_back("load", since(start));
    return s;
}

void analyse(Snapshot& snapshot, const Request& req) {
    if (snapshot.config_failed) {
        return;
    }
    Analyser(snapshot, req).run();
}

Snapshot build(const Request& req) {
    Snapshot s = load(req);
    analyse(s, req);
    return s;
}

std::string summary_line(const StageCounts& c, bool verbose) {
    if (c.not_rendered + c.not_parsed + c.not_traced == 0) {
        return {};
    }
    std::string out;
    auto part = [&](std::size_t n, const char* what) {
        if (n == 0) {
            return;
        }
        if (!out.empty()) {
            out += ", ";
        }
        out += std::to_string(n) + " could not be " + what;
    };
    part(c.not_rendered, "rendered");
    part(c.not_parsed, "parsed");
    part(c.not_traced, "traced");
    return "of " + std::to_string(c.models) + " models, " + out + (verbose ? "" : " (run with -v to see why)");
}

} // namespace dpipe::project
