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

// A table that is no node, marked as such: a node's name and a table's can look alike.
std::string table_text(const project::TableColumn& r) { return "table " + r.table + "." + r.column; }

Json table_json(const project::TableColumn& r) { return Json{{"table", r.table}, {"column", r.column}}; }

// "a.x, table raw.t.y": the node columns, then the table columns.
std::string refs_text(const graph::Graph& g, const std::vector<project::ColumnRef>& nodes,
                      const std::vector<project::TableColumn>& tables) {
    std::string out;
    for (const auto& r : nodes) {
        out += (out.empty() ? "" : ", ") + ref_text(g, r);
    }
    for (const auto& r : tables) {
        out += (out.empty() ? "" : ", ") + table_text(r);
    }
    return out;
}

Json refs_json(const graph::Graph& g, const std::vector<project::ColumnRef>& nodes,
               const std::vector<project::TableColumn>& tables) {
    Json out = Json::array();
    for (const auto& r : nodes) {
        out.push_back(ref_json(g, r));
    }
    for (const auto& r : tables) {
        out.push_back(table_json(r));
    }
    return out;
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

// Appends `text` (a value printed by `dump(2)`) with every line after the first indented by
// `indent` more: the value as printed nested in a document. JSON strings escape their newlines,
// so every raw newline is between tokens.
void append_indented(std::string& out, std::string_view text, std::string_view indent) {
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', from)) {
        out.append(text.substr(from, nl + 1 - from));
        out.append(indent);
        from = nl + 1;
    }
    out.append(text.substr(from));
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
            std::string from = refs_text(g, c.from, c.from_tables);
            out += from.empty() ? "(no input column)" : from;
            out += std::string(" [") + sql::derivation_name(c.how) + "]";
            if (c.unresolved) {
                out += c.reason.empty() ? " (partly unresolved)" : " (unresolved: " + c.reason + ")";
            }
            out += "\n";
        }
        if (ml.star_unresolved) {
            out += "  * could not be expanded: upstream columns are unknown\n";
        }
        if (std::string filters = refs_text(g, ml.filter_columns, ml.filter_tables); !filters.empty()) {
            out += "  filters and joins read: " + filters + "\n";
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
    // The document is written one model at a time, exactly as `dump(2)` prints the whole
    // (`{"version": 1, "models": [...]}`), so that only one model's tree is alive at once: the
    // whole tree of a large project took several times the memory of its text.
    const auto& g = cp.graph;
    std::string out = "{\n  \"version\": 1,\n  \"models\": [";
    bool first = true;
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
            Json col{{"name", c.name}, {"how", sql::derivation_name(c.how)}, {"from", refs_json(g, c.from, c.from_tables)},
                     {"unresolved", c.unresolved}};
            if (!c.reason.empty()) {
                col["reason"] = c.reason;
            }
            cols.push_back(std::move(col));
        }
        m["columns"] = std::move(cols);
        m["filter_columns"] = refs_json(g, ml.filter_columns, ml.filter_tables);
        m["star_unresolved"] = ml.star_unresolved;
        m["unmapped_relations"] = ml.unmapped_relations;
        if (ml.compiled) {
            m["compiled"] = true;
        } else if (!ml.compile_failure.empty()) {
            m["compile_failure"] = ml.compile_failure;
        }
        out += first ? "\n    " : ",\n    ";
        first = false;
        append_indented(out, m.dump(2), "    ");
    }
    out += first ? "]\n}\n" : "\n  ]\n}\n";
    return out;
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
        // Tables read by name that are no node: datasets too, which no job of this project writes.
        for (const auto& table : ml.external_tables) {
            inputs.push_back(Json{{"namespace", ns}, {"name", table}});
        }
        ev["inputs"] = inputs;
        Json fields = Json::array();
        Json lineage_fields = Json::object();
        for (const auto& c : ml.columns) {
            fields.push_back(Json{{"name", c.name}});
            Json in = Json::array();
            auto input = [&](const std::string& dataset, const std::string& field, Json how) {
                in.push_back(Json{{"namespace", ns},
                                  {"name", dataset},
                                  {"field", field},
                                  {"transformations", Json::array({std::move(how)})}});
            };
            const Json filter{{"type", "INDIRECT"}, {"subtype", "FILTER"}};
            for (const auto& r : c.from) {
                input(dataset_name(cp, r.node), r.column, transformation(c.how));
            }
            for (const auto& r : c.from_tables) {
                input(r.table, r.column, transformation(c.how));
            }
            for (const auto& r : ml.filter_columns) {
                input(dataset_name(cp, r.node), r.column, filter);
            }
            for (const auto& r : ml.filter_tables) {
                input(r.table, r.column, filter);
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
