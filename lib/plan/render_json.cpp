#include "plan/render.hpp"

namespace dpipe::plan {

namespace {

core::Json impacted_json(const ImpactedNode& n) {
    return {
        {"unique_id", n.unique_id}, {"name", n.name},         {"type", n.type}, {"path", n.path},
        {"owner", n.owner},         {"distance", n.distance}, {"via", n.via}};
}

core::Json list_json(const std::vector<ImpactedNode>& nodes) {
    core::Json out = core::Json::array();
    for (const auto& n : nodes) {
        out.push_back(impacted_json(n));
    }
    return out;
}

} // namespace

std::string render_json(const Plan& plan) {
    core::Json changes = core::Json::array();
    for (const auto& c : plan.changes) {
        core::Json columns = core::Json::array();
        for (const auto& col : c.columns) {
            core::Json j = {
                {"column", col.column}, {"change", col.change}, {"read_by", col.read_by}};
            if (col.change == "renamed") {
                j["new_name"] = col.new_name;
            }
            columns.push_back(std::move(j));
        }
        core::Json j = {{"unique_id", c.unique_id},
                        {"name", c.name},
                        {"type", c.type},
                        {"path", c.path},
                        {"change", to_string(c.kind)},
                        {"classification", to_string(c.classification)},
                        {"reason", c.reason},
                        {"facets", c.facets},
                        {"details", c.details},
                        {"columns", columns},
                        {"owner", c.owner},
                        {"downstream", list_json(c.downstream)}};
        if (c.kind == ChangeKind::Moved) {
            j["old_path"] = c.old_path;
            if (!c.old_unique_id.empty()) {
                j["old_unique_id"] = c.old_unique_id;
            }
        }
        changes.push_back(std::move(j));
    }
    core::Json owners = core::Json::array();
    for (const auto& o : plan.owners) {
        owners.push_back({{"who", o.who}, {"why", o.why}});
    }
    core::Json edges = core::Json::array();
    for (const auto& [from, to] : plan.edges) {
        edges.push_back({from, to});
    }
    core::Json doc = {
        {"version", k_json_version},
        {"base", {{"ref", plan.base_ref}, {"commit", plan.base_commit}}},
        {"head",
         {{"ref", plan.head_ref},
          {"commit", plan.head_commit},
          {"working_tree", plan.working_tree}}},
        {"summary",
         {{"files_changed", plan.files_changed},
          {"breaking", plan.count(Classification::Breaking)},
          {"non_breaking", plan.count(Classification::NonBreaking)},
          {"metadata", plan.count(Classification::Metadata)},
          {"added", plan.count(ChangeKind::Added)},
          {"modified", plan.count(ChangeKind::Modified)},
          {"removed", plan.count(ChangeKind::Removed)},
          {"moved", plan.count(ChangeKind::Moved)},
          {"impacted", plan.impacted.size()}}},
        {"changes", changes},
        {"impacted", list_json(plan.impacted)},
        {"tests", list_json(plan.tests)},
        {"exposures", list_json(plan.exposures)},
        {"pipelines", list_json(plan.pipelines)},
        {"owners", owners},
        {"edges", edges},
        {"files_without_effect", plan.files_without_effect},
        {"selector", plan.selector},
        {"notes", plan.notes},
    };
    return doc.dump(2) + "\n";
}

} // namespace dpipe::plan
