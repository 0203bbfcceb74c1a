#pragma once
// Inside lib/plan: which node pairs can have changed, known before any fact is built.
//
// A node's facts (facts.hpp) come from its own files (its SQL or CSV file, the property file that
// declares it or its test), from what the whole project shares (dbt_project.yml, dpipe.yaml,
// macros, docs, groups, vars) and, for SQL nodes, from its rendered SQL. When git lists no change
// to any of the shared inputs, a pair whose own files are unchanged and whose rendered SQL hash
// and merged config are equal on both sides has equal facts, so compare() skips it without
// building them; on a large project that is nearly every pair. A node with an own file that is no
// node's own file on the other side (a file git ignores, read from the working tree) may differ
// too, whatever the change set says. Whenever the change set cannot
// vouch for that (no change set, a changed file that is no node's own file, a changed group,
// different macros or project settings on the two sides), every pair is compared.

#include "plan/plan.hpp"

#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace dpipe::plan::detail {

// The nodes of both sides, matched by unique id, and moves found among the rest.
struct Matching {
    std::vector<std::pair<graph::NodeId, graph::NodeId>> pairs; // base, head (moves included)
    std::vector<graph::NodeId> only_base;                       // removed (moves excluded)
    std::vector<graph::NodeId> only_head;                       // added (moves excluded)
};

Matching match_nodes(const CompareInput& in);

class Scope {
  public:
    explicit Scope(const CompareInput& in);
    // False when the pair's facts are certainly equal (and it did not move).
    bool may_differ(graph::NodeId b, graph::NodeId h) const;
    bool everything() const { return m_everything; }

  private:
    const CompareInput& m_in;
    bool m_everything = true;
    std::unordered_set<std::string> m_changed; // changed paths, old and new
    std::vector<bool> m_base_dirty;            // by NodeId: one of its own files changed
    std::vector<bool> m_head_dirty;
};

// The files whose content makes a node's facts: its SQL or CSV file, its property file; for a
// generic test the property file of its spec. Paths relative to the project folder.
void own_files(const Side& side, graph::NodeId id, std::vector<const std::string*>& out);

// The change of `path` (its path in head, or the old path of a deletion), or null; the changes
// are sorted by path(), so this is a binary search.
const git::FileChange* change_of(const git::ChangeSet* set, const std::string& path);

} // namespace dpipe::plan::detail
