#include "harness.hpp"

#include "lint/registry.hpp"
#include "project/columns.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace dpipe::lint {

// Fills the private members of a Context the way the engine does.
struct ContextTestAccess {
    static void fill(Context& ctx, project::Snapshot& snapshot, const std::map<std::string, std::string>& files) {
        ctx.m_snapshot = &snapshot;
        auto add_sql = [&](SqlUnit::Kind kind, const std::string& path, std::string_view raw,
                           const core::Rendered* rendered, const core::NodeState* state,
                           std::optional<graph::NodeId> node, const sql::Script* script) {
            SqlUnit u;
            u.kind = kind;
            u.path = path;
            auto it = files.find(path);
            u.raw = it != files.end() ? std::string_view(it->second) : raw;
            u.has_jinja = u.raw.find("{{") != std::string_view::npos || u.raw.find("{%") != std::string_view::npos ||
                          u.raw.find("{#") != std::string_view::npos;
            u.state = state;
            u.node = node;
            if (rendered != nullptr && rendered->done && (state == nullptr || state->status != core::NodeStatus::RenderFailed)) {
                u.rendered = rendered;
                u.script = script;
            }
            ctx.m_units.push_back(u);
        };
        const auto& p = snapshot.project;
        for (std::size_t i = 0; i < p.models.size(); ++i) {
            const auto& m = p.models[i];
            const graph::NodeId* id = snapshot.graph.find_unique_id("model." + m.package + "." + m.name);
            std::optional<graph::NodeId> node;
            if (id != nullptr) {
                node = *id;
            }
            add_sql(SqlUnit::Kind::Model, m.path, m.raw_sql, &m.rendered, &m.state, node, snapshot.model_script(i));
        }
        for (std::size_t i = 0; i < p.singular_tests.size(); ++i) {
            const auto& t = p.singular_tests[i];
            add_sql(SqlUnit::Kind::SingularTest, t.path, t.raw_sql, &t.rendered, &t.state, std::nullopt,
                    i < snapshot.test_scripts.size() ? snapshot.test_scripts[i].get() : nullptr);
        }
        for (const auto& mf : p.macros) {
            add_sql(SqlUnit::Kind::Macro, mf.path, mf.text, nullptr, nullptr, std::nullopt, nullptr);
        }
        for (const auto& [path, text] : files) {
            auto ends = [&](std::string_view ext) {
                return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
            };
            if (ends(".yml") || ends(".yaml") || ends(".toml") || ends(".csv")) {
                ctx.m_text_files.push_back(TextFile{path, text});
            }
        }
        ctx.m_scope = [](std::string_view) { return true; };
        ctx.m_compute_lineage = [&snapshot] { return project::column_lineage(snapshot, 1); };
    }
};

namespace test {

namespace {

class Collect : public Reporter {
public:
    void report(Finding f) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        items.push_back(std::move(f));
    }
    std::vector<Finding> items;

private:
    std::mutex m_mutex;
};

const RuleList& rules() {
    static const RuleList k_rules = [] {
        RuleList r;
        register_sql_rules(r);
        register_style_rules(r);
        register_security_rules(r);
        return r;
    }();
    return k_rules;
}

util::MemorySource make_source(std::map<std::string, std::string>& files) {
    if (files.count("dbt_project.yml") == 0 && files.count("dpipe.yaml") == 0) {
        files["dbt_project.yml"] = "name: shop\nversion: '1.0'\nprofile: shop\n";
    }
    util::MemorySource src;
    for (const auto& [p, t] : files) {
        src.add(p, t);
    }
    return src;
}

project::Snapshot make_snapshot(const util::MemorySource& src) {
    project::Request req;
    req.source = &src;
    req.root = "/memory/shop";
    req.jobs = 1;
    req.keep_scripts = true;
    return project::build(req);
}

} // namespace

const Rule& rule(const std::string& code) {
    for (const auto& r : rules()) {
        if (r->info().code == code || r->info().name == code) {
            return *r;
        }
    }
    throw std::runtime_error("no rule " + code);
}

Harness::Harness(std::map<std::string, std::string> files)
    : m_files(std::move(files)), m_source(make_source(m_files)), m_snapshot(make_snapshot(m_source)) {
    ContextTestAccess::fill(m_ctx, m_snapshot, m_files);
}

std::vector<Seen> Harness::run(const std::string& code, const core::Json& options) const {
    const Rule& r = rule(code);
    core::Json values = core::Json::object();
    for (const auto& o : r.info().options) {
        values[o.name] = o.default_value;
    }
    for (auto it = options.begin(); it != options.end(); ++it) {
        values[it.key()] = it.value();
    }
    RuleOptions opts(values);
    Collect out;
    r.check_project(m_ctx, opts, out);
    for (const auto& u : m_ctx.units()) {
        r.check_unit(m_ctx, u, opts, out);
    }
    std::vector<Seen> seen;
    for (auto& f : out.items) {
        seen.push_back(Seen{f.loc.str(), f.message, f.fix});
    }
    std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) { return a.where < b.where; });
    return seen;
}

std::vector<std::string> Harness::where(const std::string& code, const core::Json& options) const {
    std::vector<std::string> out;
    for (const auto& s : run(code, options)) {
        out.push_back(s.where);
    }
    return out;
}

std::string Harness::fixed(const std::string& code, const std::string& path, const core::Json& options) const {
    std::string text = m_files.at(path);
    std::vector<Edit> edits;
    for (const auto& s : run(code, options)) {
        if (s.where.rfind(path + ":", 0) == 0) {
            edits.insert(edits.end(), s.fix.begin(), s.fix.end());
        }
    }
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
    for (const auto& e : edits) {
        text.replace(e.begin, e.end - e.begin, e.replacement);
    }
    return text;
}

} // namespace test
} // namespace dpipe::lint
