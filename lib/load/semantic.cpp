// dbt's semantic layer in property files: `semantic_models:`, `metrics:` and `saved_queries:`.
// Every shape dbt accepts loads (entries and keys dpipe does not use are kept out of the way);
// what dbt rejects when it links them is a located error: a metric whose measure no semantic
// model defines (LD071), a metric built on an unknown metric (LD072), a saved query over an
// unknown metric (LD073), a name used twice (LD021). A semantic model's `model: ref('x')` is
// resolved with the graph, like an exposure's depends_on (GR001 when unknown).

#include "load/load_context.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace dpipe::load {

namespace {

const std::string& package_of(const LoadContext& ctx) {
    return ctx.current_package.empty() ? ctx.project->name : ctx.current_package;
}

void read_meta(const Node& entry, core::Json& meta) {
    for (Node m : {entry["meta"], entry["config"]["meta"]}) {
        if (m.is_object()) {
            merge_json(meta, m.json());
        }
    }
}

// The names of a list of `- name: x` entries.
std::vector<std::string> names_of(LoadContext& ctx, const Node& list) {
    std::vector<std::string> out;
    for (std::size_t i = 0; list.is_array() && i < list.size(); ++i) {
        if (std::string name; list[i].is_object() && get_string(ctx, list[i]["name"], name)) {
            out.push_back(std::move(name));
        }
    }
    return out;
}

// A reference written as "x" or as {name: x, filter: ..., alias: ...}.
bool reference(const Node& value, std::string& name, core::SourceLoc& loc) {
    if (value->is_string()) {
        name = value->get<std::string>();
        loc = value.loc();
        return !name.empty();
    }
    if (value.is_object() && value["name"]->is_string()) {
        name = value["name"]->get<std::string>();
        loc = value["name"].loc();
        return !name.empty();
    }
    return false;
}

void add_reference(const Node& value, std::vector<std::string>& names, std::vector<core::SourceLoc>& locs) {
    std::string name;
    core::SourceLoc loc;
    if (reference(value, name, loc)) {
        names.push_back(std::move(name));
        locs.push_back(std::move(loc));
    }
}

template <typename T> const T* find_named(const std::vector<T>& items, const std::string& pkg, const std::string& name) {
    for (const auto& item : items) {
        if (item.package == pkg && item.name == name) {
            return &item;
        }
    }
    return nullptr;
}

template <typename T>
bool first_of_name(LoadContext& ctx, const std::vector<T>& items, const T& item, const char* kind) {
    if (const T* other = find_named(items, item.package, item.name)) {
        ctx.error("LD021", item.loc,
                  std::string(kind) + " '" + item.name + "' is declared twice (first at " + other->loc.str() + ")");
        return false;
    }
    return true;
}

} // namespace

void apply_semantic_model(LoadContext& ctx, const Node& entry) {
    core::SemanticModel s;
    if (!get_string(ctx, entry["name"], s.name)) {
        return;
    }
    s.loc = entry["name"].loc();
    s.package = package_of(ctx);
    if (!first_of_name(ctx, ctx.project->semantic_models, s, "semantic model")) {
        return;
    }
    if (get_string(ctx, entry["model"], s.model)) {
        s.model_loc = entry["model"].loc();
    } else if (!entry["model"].exists()) {
        ctx.error("LD070", s.loc, "semantic model '" + s.name + "' has no 'model' (e.g. model: ref('orders')), which dbt requires");
    }
    get_string(ctx, entry["description"], s.description);
    s.measures = names_of(ctx, entry["measures"]);
    s.entities = names_of(ctx, entry["entities"]);
    s.dimensions = names_of(ctx, entry["dimensions"]);
    read_meta(entry, s.meta);
    ctx.project->semantic_models.push_back(std::move(s));
}

void apply_metric(LoadContext& ctx, const Node& entry) {
    core::Metric m;
    if (!get_string(ctx, entry["name"], m.name)) {
        return;
    }
    m.loc = entry["name"].loc();
    m.package = package_of(ctx);
    if (!first_of_name(ctx, ctx.project->metrics, m, "metric")) {
        return;
    }
    get_string(ctx, entry["type"], m.type);
    get_string(ctx, entry["label"], m.label);
    get_string(ctx, entry["description"], m.description);
    read_meta(entry, m.meta);
    Node params = entry["type_params"];
    add_reference(params["measure"], m.measures, m.measure_locs);
    Node conversion = params["conversion_type_params"];
    add_reference(conversion["base_measure"], m.measures, m.measure_locs);
    add_reference(conversion["conversion_measure"], m.measures, m.measure_locs);
    add_reference(params["numerator"], m.input_metrics, m.input_metric_locs);
    add_reference(params["denominator"], m.input_metrics, m.input_metric_locs);
    if (Node inputs = params["metrics"]; inputs.is_array()) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            add_reference(inputs[i], m.input_metrics, m.input_metric_locs);
        }
    }
    ctx.project->metrics.push_back(std::move(m));
}

void apply_saved_query(LoadContext& ctx, const Node& entry) {
    core::SavedQuery q;
    if (!get_string(ctx, entry["name"], q.name)) {
        return;
    }
    q.loc = entry["name"].loc();
    q.package = package_of(ctx);
    if (!first_of_name(ctx, ctx.project->saved_queries, q, "saved query")) {
        return;
    }
    get_string(ctx, entry["description"], q.description);
    if (Node metrics = entry["query_params"]["metrics"]; metrics.is_array()) {
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            add_reference(metrics[i], q.metrics, q.metric_locs);
        }
    }
    ctx.project->saved_queries.push_back(std::move(q));
}

void check_semantic_layer(LoadContext& ctx) {
    const core::Project& p = *ctx.project;
    std::unordered_set<std::string> measures;
    for (const auto& s : p.semantic_models) {
        measures.insert(s.measures.begin(), s.measures.end());
    }
    std::unordered_set<std::string> metrics;
    for (const auto& m : p.metrics) {
        metrics.insert(m.name);
    }
    for (const auto& m : p.metrics) {
        for (std::size_t i = 0; i < m.measures.size(); ++i) {
            if (!measures.count(m.measures[i])) {
                ctx.error("LD071", m.measure_locs[i],
                          "metric '" + m.name + "' uses measure '" + m.measures[i] +
                              "', which no semantic model defines");
            }
        }
        for (std::size_t i = 0; i < m.input_metrics.size(); ++i) {
            if (!metrics.count(m.input_metrics[i])) {
                ctx.error("LD072", m.input_metric_locs[i],
                          "metric '" + m.name + "' is built on unknown metric '" + m.input_metrics[i] + "'");
            }
        }
    }
    for (const auto& q : p.saved_queries) {
        for (std::size_t i = 0; i < q.metrics.size(); ++i) {
            if (!metrics.count(q.metrics[i])) {
                ctx.error("LD073", q.metric_locs[i],
                          "saved query '" + q.name + "' asks for unknown metric '" + q.metrics[i] + "'");
            }
        }
    }
}

} // namespace dpipe::load
