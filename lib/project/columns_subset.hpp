#pragma once
// Column lineage of some models only (columns.hpp traces every model): for commands that read the
// lineage of a few nodes of a large project, such as plan's base snapshot.

#include "project/columns.hpp"

#include <vector>

namespace dpipe::project {

// Like column_lineage(), but traces only the models `only` marks (indexed by NodeId) and every
// model upstream of them (whose columns a `select *` expands from). The others stay unanalysed,
// with unknown columns and their status as it was.
ColumnLineage column_lineage(Snapshot& snapshot, unsigned jobs, const std::vector<bool>& only);

} // namespace dpipe::project
