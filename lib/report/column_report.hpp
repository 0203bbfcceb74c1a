#pragma once
// Column-level lineage outputs of `dpipe graph --columns`.

#include "project/columns.hpp"

#include <string>
#include <vector>

namespace dpipe::report {

// Per selected model: "model.column <- parent.column (how)" lines, filters after.
std::string columns_text(const project::Snapshot& cp, const project::ColumnLineage& cl,
                         const std::vector<graph::NodeId>& ids);

// graph_json's document with a "columns" array (and "filter_columns") on every model.
std::string columns_json(const project::Snapshot& cp, const project::ColumnLineage& cl,
                         const std::vector<graph::NodeId>& ids);

// OpenLineage RunEvents (one JSON document per line), one per selected model, with the
// schema and columnLineage dataset facets. Run ids are derived from the model's content, so
// the output is stable for unchanged models; `event_time` is an ISO-8601 UTC timestamp.
std::string openlineage(const project::Snapshot& cp, const project::ColumnLineage& cl,
                        const std::vector<graph::NodeId>& ids, const std::string& event_time);

} // namespace dpipe::report
