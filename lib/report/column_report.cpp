#include "report/column_report.hpp"

#include "util/hash.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dpipe::report {

namespace {

using graph::NodeId;
using Json = nlohmann::ordered_json;

bool is_model(const graph::Graph& g, NodeId id) {
    auto t = g.node(id).type;
    return t == graph::NodeType::Model || t == graph::NodeType::Snapshot;
}

std::string ref_text(const graph::Graph& g, const project::ColumnRef& r) {
    return g.node(r.node).name + "." + r.column;
}

Json ref_json(const graph::Graph& g, const project::ColumnRef& r) {
    return Json{{"node", g.node(r.node).unique_id}, {"column", r.column}};
}

// The traced nodes among `ids` by unique id: models and snapshots, and analyses unless
// `datasets_only` (an analysis writes no dataset).
std::vector<NodeId> sorted_models(const graph::Graph& g, const std::vector<NodeId>& ids, bool datasets_only = false) {
    std::vector<NodeId> out;
    for (NodeId id : ids) {
        if (is_model(g, id) || (!datasets_only && g.node(id).type == graph::NodeType::Analysis)) {
            out.push_back(id);
        }
    }
    std::sort(out.begin(), out.end(),
              [&](NodeId a, NodeId b) { return g.node(a).unique_id < g.node(b).unique_id; });
    return out;
}

// A dataset's OpenLineage name: the relation without quotes.
std::string dataset_name(const project::Snapshot& cp, NodeId id) {
    const auto& n = cp.graph.node(id);
    const auto& rels = n.type == graph::NodeType::Source ? cp.relations.sources : cp.relations.refs;
    auto it = rels.find(n.name);
    std::string rel = it == rels.end() ? n.name : it->second;
    rel.erase(std::remove(rel.begin(), rel.end(), '"'), rel.end());
    rel.erase(std::remove(rel.begin(), rel.end(), '`'), rel.end());
    return rel;
}

std::string uuid_from(std::string_view seed) {
    std::string h = util::sha256_hex(seed).substr(0, 32);
    h[12] = '5'; // version nibble: name-based
    h[16] = "89ab"[std::stoi(std::string(1, h[16]), nullptr, 16) & 3];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20, 12);
}

Json transformation(sql::Derivation how) {
    switch (how) {
    case sql::Derivation::Copy:
        return Json{{"type", "DIRECT"}, {"subtype", "IDENTITY"}, {"description", "copied"}};
    case sql::Derivation::Rename:
        return Json{{"type", "DIRECT"}, {"subtype", "IDENTITY"}, {"description", "renamed"}};
    case sql::Derivation::Transform:
        return Json{{"type", "DIRECT"}, {"subtype", "TRANSFORMATION"}, {"description", "expression"}};
    case sql::Derivation::Aggregate:
        return Json{{"type", "DIRECT"}, {"subtype", "AGGREGATION"}, {"description", "aggregate"}};
    }
    return Json::object();
}

} // namespace

std::string columns_text(const project::Snapshot& cp, const project::ColumnLineage& cl,
                         const std::vector<NodeId>& ids) {
    const auto& g = cp.graph;
    std::string out;
    for (NodeId id : sorted_models(g, ids)) {
        const auto& ml = cl.models[id];
        out += g.node(id).name + " (" + g.node(id).path + ")\n";
        if (!ml.analysed) {
            out += "  (not a query: no column lineage)\n";
            continue;
        }
        for (const auto& c : ml.columns) {
            out += "  " + c.name + " <- ";
            if (c.from.empty()) {
                out += "(no input column)";
            }
            for (std::size_t i = 0; i < c.from.size(); ++i) {
                out += (i ? ", " : "") + ref_text(g, c.from[i]);
            }
            out += std::string(" [") + sql::derivation_name(c.how) + "]";
            if (c.unresolved) {
                out += c.reason.empty() ? " (partly unresolved)" : " (unresolved: " + c.reason + ")";
            }
            out += "\n";
        }
        if (ml.star_unresolved) {
            out += "  * could not be expanded: upstream columns are unknown\n";
        }
        if (!ml.filter_columns.empty()) {
            out += "  filters and joins read: ";
            for (std::size_t i = 0; i < ml.filter_columns.size(); ++i) {
                out += (i ? ", " : "") + ref_text(g, ml.filter_columns[i]);
            }
            out += "\n";
        }
        for (const auto& r : ml.unmapped_relations) {
            out += "  reads " + r + ", which is no ref or source\n";
        }
        if (ml.compiled) {
            out += "  traced from its compiled SQL (execute true)\n";
        } else if (!ml.compile_failure.empty()) {
            out += "  traced from its parse-time SQL: compiling failed: " + ml.compile_failure + "\n";
        }
    }
    return out;
}

std::string columns_json(const project::Snapshot& cp, const project::ColumnLineage& cl,
                         const std::vector<NodeId>& ids) {
    const auto& g = cp.graph;
    Json doc;
    doc["version"] = 1;
    Json models = Json::array();
    for (NodeId id : sorted_models(g, ids)) {
        const auto& ml = cl.models[id];
        Json m;
        m["unique_id"] = g.node(id).unique_id;
        m["name"] = g.node(id).name;
        m["path"] = g.node(id).path;
        m["analysed"] = ml.analysed;
        const auto& state = g.node(id).state;
        m["status"] = core::node_status_name(state.status);
        if (state.status != core::NodeStatus::Ok) {
            m["reason"] = state.reason;
        }
        Json cols = Json::array();
        for (const auto& c : ml.columns) {
            Json from = Json::array();
            for (const auto& r : c.from) {
                from.push_back(ref_json(g, r));
            }
            Json col{{"name", c.name}, {"how", sql::derivation_name(c.how)}, {"from", from},
                     {"unresolved", c.unresolved}};
            if (!c.reason.empty()) {
                col["reason"] = c.reason;
            }
            cols.push_back(std::move(col));
        }
        m["columns"] = cols;
        Json filters = Json::array();
        for (const auto& r : ml.filter_columns) {
            filters.push_back(ref_json(g, r));
        }
        m["filter_columns"] = filters;
        m["star_unresolved"] = ml.star_unresolved;
        m["unmapped_relations"] = ml.unmapped_relations;
        if (ml.compiled) {
            m["compiled"] = true;
        } else if (!ml.compile_failure.empty()) {
            m["compile_failure"] = ml.compile_failure;
        }
        models.push_back(m);
    }
    doc["models"] = models;
    return doc.dump(2) + "\n";
}

std::string openlineage(const project::Snapshot& cp, const project::ColumnLineage& cl,
                        const std::vector<NodeId>& ids, const std::string& event_time) {
    const auto& g = cp.graph;
    const std::string ns = cp.project.dialect + "://" + cp.project.name;
    const std::string job_ns = "dpipe://" + cp.project.name;
    std::string out;
    for (NodeId id : sorted_models(g, ids, true)) {
        const auto& ml = cl.models[id];
        const auto& model = cp.project.models[g.node(id).index];
        Json ev;
        ev["eventType"] = "COMPLETE";
        ev["eventTime"] = event_time;
        ev["producer"] = "urn:dpipe:" DPIPE_REPORT_VERSION;
        ev["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
        ev["run"] = Json{{"runId", uuid_from(g.node(id).unique_id + model.rendered.content_hash)}};
        ev["job"] = Json{{"namespace", job_ns}, {"name", g.node(id).unique_id}};
        Json inputs = Json::array();
        for (NodeId parent : g.parents(id)) {
            auto t = g.node(parent).type;
            if (t == graph::NodeType::Source || t == graph::NodeType::Seed || is_model(g, parent)) {
                inputs.push_back(Json{{"namespace", ns}, {"name", dataset_name(cp, parent)}});
            }
        }
        ev["inputs"] = inputs;
        Json fields = Json::array();
        Json lineage_fields = Json::object();
        for (const auto& c : ml.columns) {
            fields.push_back(Json{{"name", c.name}});
            Json in = Json::array();
            for (const auto& r : c.from) {
                in.push_back(Json{{"namespace", ns},
                                  {"name", dataset_name(cp, r.node)},
                                  {"field", r.column},
                                  {"transformations", Json::array({transformation(c.how)})}});
            }
            for (const auto& r : ml.filter_columns) {
                in.push_back(Json{{"namespace", ns},
                                  {"name", dataset_name(cp, r.node)},
                                  {"field", r.column},
                                  {"transformations",
                                   Json::array({Json{{"type", "INDIRECT"}, {"subtype", "FILTER"}}})}});
            }
            lineage_fields[c.name] = Json{{"inputFields", in}};
        }
        const char* facet_base = "https://openlineage.io/spec/facets/";
        Json facets;
        facets["schema"] = Json{{"_producer", ev["producer"]},
                                {"_schemaURL", std::string(facet_base) + "1-1-1/SchemaDatasetFacet.json"},
                                {"fields", fields}};
        facets["columnLineage"] =
            Json{{"_producer", ev["producer"]},
                 {"_schemaURL", std::string(facet_base) + "1-2-0/ColumnLineageDatasetFacet.json"},
                 {"fields", lineage_fields}};
        ev["outputs"] = Json::array({Json{{"namespace", ns}, {"name", dataset_name(cp, id)}, {"facets", facets}}});
        out += ev.dump() + "\n";
    }
    return out;
}

} // namespace dpipe::report
