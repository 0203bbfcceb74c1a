#pragma once
// What the unit tests of lib/project share: a snapshot of a project held in memory, its column
// lineage, and lookups that fail the test when what they look for is missing.

#include "project/cache.hpp"
#include "project/columns.hpp"
#include "project/snapshot.hpp"
#include "util/file_source.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace dpipe::project_test {

// A project "shop" with the source raw.orders (id, amount) and its staging model stg_orders.
inline util::MemorySource staged_shop() {
    util::MemorySource src;
    src.add("dbt_project.yml", "name: shop\nversion: '1.0'\nprofile: shop\n");
    src.add("models/_sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n"
                                   "      - name: orders\n        columns: [{name: id}, {name: amount}]\n");
    src.add("models/stg_orders.sql", "select id as order_id, amount\nfrom {{ source('raw', 'orders') }}\n");
    return src;
}

// The staged pipeline over `src`, as if the project sat at /memory/shop.
inline project::Snapshot build(const util::FileSource& src, project::Cache* cache = nullptr,
                               bool keep_scripts = false) {
    project::Request req;
    req.source = &src;
    req.root = "/memory/shop";
    req.cache = cache;
    req.keep_scripts = keep_scripts;
    return project::build(req);
}

inline graph::NodeId node_id(const project::Snapshot& s, const std::string& unique_id) {
    const auto* id = s.graph.find_unique_id(unique_id);
    REQUIRE(id != nullptr);
    return *id;
}

inline const core::Model& model(const project::Snapshot& s, const std::string& name) {
    const core::Model* m = s.project.find_model(name);
    REQUIRE(m != nullptr);
    return *m;
}

// A snapshot and the column lineage of all its models.
struct Traced {
    project::Snapshot snapshot;
    project::ColumnLineage lineage;

    // The lineage of the project's model `name` (package shop).
    const project::ModelLineage& model(const std::string& name) const {
        return lineage.models[node_id(snapshot, "model.shop." + name)];
    }
    // "name<-node.column,node.column" per output column, "?" after an unresolved one.
    std::string columns(const std::string& name) const {
        std::string out;
        for (const auto& c : model(name).columns) {
            out += (out.empty() ? "" : " ") + c.name + (c.unresolved ? "?" : "") + "<-";
            for (std::size_t i = 0; i < c.from.size(); ++i) {
                out += (i > 0 ? "," : "") + snapshot.graph.node(c.from[i].node).name + "." + c.from[i].column;
            }
        }
        return out;
    }
};

inline Traced trace(const util::FileSource& src, bool keep_scripts = false) {
    Traced t{build(src, nullptr, keep_scripts), {}};
    t.lineage = project::column_lineage(t.snapshot, 1);
    return t;
}

} // namespace dpipe::project_test
