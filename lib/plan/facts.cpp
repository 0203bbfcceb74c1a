#include "plan/facts.hpp"

#include <set>

namespace dpipe::plan::detail {

namespace {

using graph::NodeType;

std::string dump(const core::Json& j) {
    return j.dump();
}

std::string columns_text(const std::vector<core::Column>& columns) {
    std::string out;
    for (const auto& c : columns) {
        out += c.name + ":" + c.data_type + ";";
    }
    return out;
}

std::string column_docs(const std::vector<core::Column>& columns) {
    core::Json j = core::Json::array();
    for (const auto& c : columns) {
        j.push_back({c.name, c.description, c.meta, c.tags, c.pii});
    }
    return dump(j);
}

std::string tests_text(const std::vector<core::TestSpec>& tests) {
    core::Json j = core::Json::array();
    for (const auto& t : tests) {
        j.push_back({t.name, t.column, t.args, t.config});
    }
    return dump(j);
}

} // namespace

const core::TestSpec* generic_spec(const core::Project& p, const graph::Graph& g,
                                   const graph::Node& n) {
    const graph::NodeId* owner = g.find_unique_id(n.attached_to);
    if (owner == nullptr) {
        return nullptr;
    }
    const graph::Node& o = g.node(*owner);
    const std::vector<core::TestSpec>* specs = nullptr;
    switch (o.type) {
    case NodeType::Model:
    case NodeType::Snapshot:
        specs = &p.models[o.index].tests;
        break;
    case NodeType::Seed:
        specs = &p.seeds[o.index].tests;
        break;
    case NodeType::Source:
        specs = &p.sources[o.index].tests;
        break;
    default:
        break;
    }
    if (specs == nullptr || n.spec_index >= specs->size()) {
        return nullptr;
    }
    return &(*specs)[n.spec_index];
}

NodeFacts facts_of(const Side& side, graph::NodeId id) {
    const auto& p = side.snapshot->project;
    const auto& g = side.snapshot->graph;
    const graph::Node& n = g.node(id);
    NodeFacts f;
    switch (n.type) {
    case NodeType::Model:
    case NodeType::Snapshot: {
        const auto& m = p.models[n.index];
        f.has_logic = true;
        f.logic = m.rendered.done ? m.rendered.content_hash : "raw:" + m.content_id;
        f.file_id = m.content_id;
        f.config = m.config;
        f.columns = columns_text(m.columns);
        f.tests = tests_text(m.tests);
        f.metadata = dump({m.description, m.meta, m.owner, column_docs(m.columns)});
        f.files = {m.path, m.properties_loc.file};
        break;
    }
    case NodeType::Seed: {
        const auto& s = p.seeds[n.index];
        f.config = s.config;
        f.columns = columns_text(s.columns);
        f.tests = tests_text(s.tests);
        f.metadata = dump({s.description, s.meta, s.owner, s.tags, column_docs(s.columns)});
        f.files = {s.path, s.properties_loc.file};
        break;
    }
    case NodeType::Source: {
        const auto& s = p.sources[n.index];
        f.config = {{"identifier", s.identifier}, {"schema", s.schema}, {"database", s.database}};
        f.columns = columns_text(s.columns);
        f.tests = tests_text(s.tests);
        f.metadata = dump({s.description, s.meta, s.owner, s.tags, column_docs(s.columns)});
        f.files = {s.loc.file};
        break;
    }
    case NodeType::Test:
        if (n.test_kind == graph::Node::TestKind::Singular) {
            const auto& t = p.singular_tests[n.index];
            f.has_logic = true;
            f.logic = t.rendered.done ? t.rendered.content_hash : "raw:" + t.content_id;
            f.file_id = t.content_id;
            f.config = t.config;
            f.files = {t.path};
        } else if (const core::TestSpec* spec = generic_spec(p, g, n)) {
            f.config = {{"test", spec->name}, {"column", spec->column}, {"args", spec->args}};
            for (const auto& [k, v] : spec->config.items()) {
                f.config[k] = v;
            }
            f.files = {spec->loc.file};
        }
        break;
    case NodeType::UnitTest: {
        const auto& u = p.unit_tests[n.index];
        core::Json given = core::Json::array();
        for (const auto& in : u.given) {
            given.push_back({in.input, in.format, in.rows});
        }
        f.config = {{"model", u.model},
                    {"given", given},
                    {"expect", {u.expect.format, u.expect.rows}},
                    {"overrides", u.overrides}};
        f.metadata = u.description;
        f.files = {u.loc.file};
        break;
    }
    case NodeType::Exposure: {
        const auto& e = p.exposures[n.index];
        f.config = {{"type", e.type},
                    {"depends_on", e.depends_on},
                    {"url", e.url},
                    {"maturity", e.maturity}};
        f.metadata = dump({e.description, e.meta, e.owner_name, e.owner_email});
        f.files = {e.loc.file};
        break;
    }
    case NodeType::Analysis: {
        const auto& a = p.analyses[n.index];
        f.has_logic = true;
        f.logic = a.rendered.done ? a.rendered.content_hash : "raw:" + a.content_id;
        f.file_id = a.content_id;
        f.config = a.config;
        f.columns = columns_text(a.columns);
        f.metadata = dump({a.description, a.meta, column_docs(a.columns)});
        f.files = {a.path, a.properties_loc.file};
        break;
    }
    case NodeType::SemanticModel: {
        const auto& s = p.semantic_models[n.index];
        f.config = {{"model", s.model}, {"measures", s.measures}, {"entities", s.entities}, {"dimensions", s.dimensions}};
        f.metadata = dump({s.description, s.meta});
        f.files = {s.loc.file};
        break;
    }
    case NodeType::Metric: {
        const auto& m = p.metrics[n.index];
        f.config = {{"type", m.type}, {"measures", m.measures}, {"metrics", m.input_metrics}};
        f.metadata = dump({m.label, m.description, m.meta});
        f.files = {m.loc.file};
        break;
    }
    case NodeType::SavedQuery: {
        const auto& q = p.saved_queries[n.index];
        f.config = {{"metrics", q.metrics}};
        f.metadata = q.description;
        f.files = {q.loc.file};
        break;
    }
    case NodeType::Pipeline: {
        const auto& pl = p.pipelines[n.index];
        core::Json steps = core::Json::array();
        for (const auto& s : pl.steps) {
            steps.push_back({s.name, s.select, s.command, s.depends_on});
        }
        f.config = {{"schedule", pl.schedule}, {"sla", pl.sla}, {"steps", steps}};
        f.metadata = dump({pl.description, pl.meta, pl.owner});
        f.files = {pl.path};
        break;
    }
    }
    return f;
}

std::optional<std::vector<std::string>> output_columns(const Side& side, graph::NodeId id) {
    if (side.lineage == nullptr) {
        return std::nullopt;
    }
    if (id < side.lineage->models.size() && side.lineage->models[id].analysed) {
        std::vector<std::string> out;
        for (const auto& c : side.lineage->models[id].columns) {
            out.push_back(c.name);
        }
        return out;
    }
    if (id < side.lineage->known.size()) {
        return side.lineage->known[id];
    }
    return std::nullopt;
}

std::string short_json(const core::Json& j, std::size_t max) {
    std::string s = j.is_string() ? j.get<std::string>() : j.dump();
    if (s.size() > max) {
        s = s.substr(0, max - 3) + "...";
    }
    return s;
}

std::vector<std::string> config_details(const core::Json& before, const core::Json& after) {
    std::set<std::string> keys;
    if (before.is_object()) {
        for (const auto& [k, v] : before.items()) {
            keys.insert(k);
        }
    }
    if (after.is_object()) {
        for (const auto& [k, v] : after.items()) {
            keys.insert(k);
        }
    }
    std::vector<std::string> out;
    for (const auto& k : keys) {
        bool in_before = before.is_object() && before.contains(k);
        bool in_after = after.is_object() && after.contains(k);
        if (in_before && in_after && before[k] == after[k]) {
            continue;
        }
        std::string from = in_before ? short_json(before[k]) : "(unset)";
        std::string to = in_after ? short_json(after[k]) : "(unset)";
        out.push_back(k + ": " + from + " -> " + to);
    }
    return out;
}

} // namespace dpipe::plan::detail
