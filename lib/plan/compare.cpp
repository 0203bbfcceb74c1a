#include "plan/classify.hpp"
#include "plan/codeowners.hpp"
#include "plan/facts.hpp"
#include "plan/plan.hpp"
#include "plan/scope.hpp"

#include "sql/dialect.hpp"
#include "sql/parser.hpp"
#include "sql/printer.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace dpipe::plan {

const char* to_string(ChangeKind kind) {
    switch (kind) {
    case ChangeKind::Added:
        return "added";
    case ChangeKind::Removed:
        return "removed";
    case ChangeKind::Modified:
        return "modified";
    case ChangeKind::Moved:
        return "moved";
    }
    return "modified";
}

const char* to_string(Classification c) {
    switch (c) {
    case Classification::Breaking:
        return "breaking";
    case Classification::NonBreaking:
        return "non_breaking";
    case Classification::Metadata:
        return "metadata";
    }
    return "non_breaking";
}

std::size_t Plan::count(Classification c) const {
    return static_cast<std::size_t>(
        std::count_if(changes.begin(), changes.end(),
                      [c](const NodeChange& n) { return n.classification == c; }));
}

std::size_t Plan::count(ChangeKind k) const {
    return static_cast<std::size_t>(std::count_if(
        changes.begin(), changes.end(), [k](const NodeChange& n) { return n.kind == k; }));
}

namespace {

using detail::change_of;
using detail::facts_of;
using detail::NodeFacts;
using graph::NodeId;
using graph::NodeType;

// Descendants with their distance, nearest first (breadth first).
std::vector<ImpactedNode> downstream_of(const graph::Graph& g, NodeId start) {
    std::vector<int> dist(g.size(), -1);
    std::deque<NodeId> queue{start};
    dist[start] = 0;
    std::vector<ImpactedNode> out;
    while (!queue.empty()) {
        NodeId id = queue.front();
        queue.pop_front();
        for (NodeId c : g.children(id)) {
            if (dist[c] >= 0) {
                continue;
            }
            dist[c] = dist[id] + 1;
            queue.push_back(c);
            const auto& n = g.node(c);
            out.push_back(ImpactedNode{n.unique_id, n.name, graph::node_type_name(n.type), n.path,
                                       n.owner, dist[c], g.node(start).unique_id});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ImpactedNode& a, const ImpactedNode& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.unique_id < b.unique_id;
    });
    return out;
}

NodeChange describe(const graph::Node& n) {
    NodeChange c;
    c.unique_id = n.unique_id;
    c.name = n.name;
    c.type = graph::node_type_name(n.type);
    c.path = n.path;
    c.owner = n.owner;
    return c;
}

// The rendered SQL of a model or singular test, "" when it was not rendered.
const std::string* rendered_sql(const project::Snapshot& s, const graph::Node& n) {
    if (n.type == NodeType::Model || n.type == NodeType::Snapshot) {
        const auto& m = s.project.models[n.index];
        return m.rendered.done ? &m.rendered.sql : nullptr;
    }
    if (n.type == NodeType::Test && n.test_kind == graph::Node::TestKind::Singular) {
        const auto& t = s.project.singular_tests[n.index];
        return t.rendered.done ? &t.rendered.sql : nullptr;
    }
    return nullptr;
}

// The rendered SQL of both sides parses to the same tree (printed normalised): the edit was only
// formatting that the content hash still sees, such as a space before a comma. Unparsable SQL
// counts as different.
bool same_ast(const CompareInput& in, const graph::Node& bn, const graph::Node& hn) {
    const std::string* a = rendered_sql(*in.base.snapshot, bn);
    const std::string* b = rendered_sql(*in.head.snapshot, hn);
    auto dialect = sql::parse_dialect(in.head.snapshot->project.dialect);
    if (a == nullptr || b == nullptr || !dialect) {
        return false;
    }
    auto pa = sql::parse(bn.path, *a, *dialect);
    auto pb = sql::parse(hn.path, *b, *dialect);
    if (pa.has_diagnostics() || pb.has_diagnostics()) {
        return false;
    }
    return sql::print(pa) == sql::print(pb);
}

// Compares the facets of a node present on both sides; false when nothing changed.
bool compare_facets(NodeChange& c, const NodeFacts& before, const NodeFacts& after,
                    const graph::Node& bn, const graph::Node& hn, const CompareInput& in,
                    bool& logic_changed) {
    logic_changed =
        before.has_logic && after.has_logic && before.logic != after.logic && !same_ast(in, bn, hn);
    if (logic_changed) {
        c.facets.push_back("logic");
        if (!before.file_id.empty() && before.file_id == after.file_id) {
            c.details.push_back("rendered SQL changed while the file did not: a macro, var or "
                                "env_var it uses changed");
        } else {
            c.details.push_back("SQL changed");
        }
    }
    if (hn.type == NodeType::Seed) {
        const auto* fc = change_of(in.changes, hn.path);
        if (fc != nullptr && fc->old_blob_id != fc->new_blob_id && !fc->old_blob_id.empty()) {
            c.facets.push_back("data");
            c.details.push_back("seed rows changed");
        }
    }
    if (before.config != after.config) {
        c.facets.push_back("config");
        for (auto& d : detail::config_details(before.config, after.config)) {
            c.details.push_back(std::move(d));
        }
    }
    if (before.columns != after.columns) {
        c.facets.push_back("columns");
        c.details.push_back("declared columns changed");
    }
    if (before.tests != after.tests) {
        c.facets.push_back("tests");
        c.details.push_back("tests declared on it changed");
    }
    if (before.metadata != after.metadata) {
        c.facets.push_back("metadata");
        c.details.push_back("description, meta or docs changed");
    }
    return !c.facets.empty();
}

int kind_rank(ChangeKind k) {
    switch (k) {
    case ChangeKind::Removed:
        return 0;
    case ChangeKind::Modified:
        return 1;
    case ChangeKind::Moved:
        return 2;
    case ChangeKind::Added:
        return 3;
    }
    return 4;
}

void add_owner(std::map<std::string, std::set<std::string>>& owners, const std::string& who,
               const std::string& why) {
    if (!util::trim(who).empty()) {
        owners[std::string(util::trim(who))].insert(why);
    }
}

// The owner of the dbt group of model `unique_id` in `side` (its email, else its name), with the
// group named; a group no `groups:` entry declares is listed as "group:<name>".
void add_group_owner(std::map<std::string, std::set<std::string>>& owners, const Side& side,
                     const std::string& unique_id, const std::string& name) {
    const auto& g = side.snapshot->graph;
    const NodeId* id = g.find_unique_id(unique_id);
    if (id == nullptr ||
        (g.node(*id).type != NodeType::Model && g.node(*id).type != NodeType::Snapshot)) {
        return;
    }
    const auto& project = side.snapshot->project;
    const auto& config = project.models[g.node(*id).index].config;
    auto it = config.find("group");
    if (it == config.end() || !it->is_string()) {
        return;
    }
    const std::string& group = it->get_ref<const std::string&>();
    const core::Group* declared = project.find_group(group);
    std::string who = declared == nullptr              ? ""
                      : !declared->owner_email.empty() ? declared->owner_email
                                                       : declared->owner_name;
    add_owner(owners, who.empty() ? "group:" + group : who,
              "owns group " + group + " (of " + name + ")");
}

} // namespace

std::vector<bool> base_nodes_to_trace(const CompareInput& in) {
    const auto& bg = in.base.snapshot->graph;
    std::vector<bool> out(bg.size(), false);
    detail::Matching matching = detail::match_nodes(in);
    detail::Scope scope(in);
    auto mark = [&](NodeId b) {
        out[b] = true;
        for (NodeId c : bg.children(b)) {
            out[c] = true;
        }
    };
    for (auto [b, h] : matching.pairs) {
        if (scope.may_differ(b, h)) {
            mark(b);
        }
    }
    for (NodeId b : matching.only_base) {
        mark(b);
    }
    return out;
}

Plan compare(const CompareInput& in) {
    Plan plan;
    const auto& bg = in.base.snapshot->graph;
    const auto& hg = in.head.snapshot->graph;
    if (in.changes != nullptr) {
        plan.base_ref = in.changes->base_ref;
        plan.base_commit = in.changes->base_commit;
        plan.head_ref = in.changes->head_ref;
        plan.head_commit = in.changes->head_commit;
        plan.working_tree = in.changes->working_tree;
        plan.files_changed = in.changes->changes.size();
    }
    // Pairs whose inputs are unchanged are skipped before any fact is built (scope.hpp).
    detail::Matching matching = detail::match_nodes(in);
    detail::Scope scope(in);
    std::vector<std::pair<NodeId, NodeId>> pairs;
    std::vector<NodeId> targets; // base nodes whose readers are asked for
    for (auto [b, h] : matching.pairs) {
        if (scope.may_differ(b, h)) {
            pairs.emplace_back(b, h);
            targets.push_back(b);
        }
    }
    const auto& only_base = matching.only_base;
    const auto& only_head = matching.only_head;
    targets.insert(targets.end(), only_base.begin(), only_base.end());
    detail::Readers readers(in.base, targets);

    std::set<std::string> changed_files;
    for (auto [b, h] : pairs) {
        const auto& bn = bg.node(b);
        const auto& hn = hg.node(h);
        NodeChange c = describe(hn);
        auto bf = facts_of(in.base, b);
        auto hf = facts_of(in.head, h);
        bool logic_changed = false;
        bool changed = compare_facets(c, bf, hf, bn, hn, in, logic_changed);
        bool moved = bn.path != hn.path || bn.unique_id != hn.unique_id;
        if (!changed && !moved) {
            continue;
        }
        c.kind = moved ? ChangeKind::Moved : ChangeKind::Modified;
        if (moved) {
            c.old_path = bn.path;
            c.old_unique_id = bn.unique_id == hn.unique_id ? "" : bn.unique_id;
            c.details.insert(c.details.begin(), "moved from " + bn.path);
        }
        detail::classify_modified(c, in.base, b, in.head, h, readers, logic_changed);
        if (!c.old_unique_id.empty() && detail::has_row_dependants(bg, b)) {
            c.classification = Classification::Breaking;
            c.reason =
                "renamed from " + bn.name + " while nodes downstream refer to it by its old name";
        } else if (!changed) {
            c.classification = Classification::Metadata;
            c.reason = "only its file moved";
        }
        c.downstream = downstream_of(hg, h);
        for (const auto& f : bf.files) {
            changed_files.insert(f);
        }
        for (const auto& f : hf.files) {
            changed_files.insert(f);
        }
        plan.changes.push_back(std::move(c));
    }
    for (NodeId b : only_base) {
        const auto& bn = bg.node(b);
        NodeChange c = describe(bn);
        c.kind = ChangeKind::Removed;
        c.downstream = downstream_of(bg, b);
        auto readers_of = readers.of_node(b);
        if (detail::has_row_dependants(bg, b)) {
            c.classification = Classification::Breaking;
            c.reason = "removed while nodes downstream read it";
            if (!readers_of.empty()) {
                c.reason += ": " + util::join(readers_of, ", ");
            }
        } else {
            c.classification = Classification::NonBreaking;
            c.reason = "removed; nothing downstream reads it";
        }
        for (const auto& f : facts_of(in.base, b).files) {
            changed_files.insert(f);
        }
        plan.changes.push_back(std::move(c));
    }
    for (NodeId h : only_head) {
        NodeChange c = describe(hg.node(h));
        c.kind = ChangeKind::Added;
        c.classification = Classification::NonBreaking;
        c.reason = "new";
        c.downstream = downstream_of(hg, h);
        for (const auto& f : facts_of(in.head, h).files) {
            changed_files.insert(f);
        }
        plan.changes.push_back(std::move(c));
    }
    std::sort(plan.changes.begin(), plan.changes.end(),
              [](const NodeChange& a, const NodeChange& b) {
                  if (a.classification != b.classification) {
                      return a.classification < b.classification;
                  }
                  if (a.kind != b.kind) {
                      return kind_rank(a.kind) < kind_rank(b.kind);
                  }
                  return a.unique_id < b.unique_id;
              });

    // Model and test files edited without changing any node (whitespace, comments).
    if (in.changes != nullptr) {
        // The changed files that are a model's or a singular test's on either side.
        std::unordered_set<std::string> unexplained;
        for (const auto& fc : in.changes->changes) {
            if (!changed_files.count(fc.path())) {
                unexplained.insert(fc.path());
            }
        }
        std::unordered_set<std::string> sql_files;
        for (const auto* side : {&in.base, &in.head}) {
            if (unexplained.empty()) {
                break;
            }
            for (const auto& m : side->snapshot->project.models) {
                if (unexplained.count(m.path)) {
                    sql_files.insert(m.path);
                }
            }
            for (const auto& t : side->snapshot->project.singular_tests) {
                if (unexplained.count(t.path)) {
                    sql_files.insert(t.path);
                }
            }
        }
        for (const auto& fc : in.changes->changes) {
            if (sql_files.count(fc.path())) {
                plan.files_without_effect.push_back(fc.path());
            }
        }
    }

    // Impact: everything downstream that did not change itself, at its smallest distance.
    std::set<std::string> changed_ids;
    for (const auto& c : plan.changes) {
        changed_ids.insert(c.unique_id);
    }
    std::map<std::string, ImpactedNode> impacted;
    for (const auto& c : plan.changes) {
        if (c.classification == Classification::Metadata) {
            continue; // nothing a build does differently reaches downstream
        }
        for (const auto& d : c.downstream) {
            if (changed_ids.count(d.unique_id)) {
                continue;
            }
            auto it = impacted.find(d.unique_id);
            if (it == impacted.end() || d.distance < it->second.distance) {
                impacted[d.unique_id] = d;
            }
        }
    }
    for (auto& [uid, node] : impacted) {
        plan.impacted.push_back(node);
    }
    std::stable_sort(plan.impacted.begin(), plan.impacted.end(),
                     [](const ImpactedNode& a, const ImpactedNode& b) {
                         return a.distance != b.distance ? a.distance < b.distance
                                                         : a.unique_id < b.unique_id;
                     });

    auto as_impacted = [](const NodeChange& c) {
        return ImpactedNode{c.unique_id, c.name, c.type, c.path, c.owner, 0, c.unique_id};
    };
    for (const auto& c : plan.changes) {
        if (c.kind == ChangeKind::Removed) {
            continue;
        }
        if (c.type == "test" || c.type == "unit_test") {
            plan.tests.push_back(as_impacted(c));
        } else if (c.type == "exposure") {
            plan.exposures.push_back(as_impacted(c));
        } else if (c.type == "pipeline") {
            plan.pipelines.push_back(as_impacted(c));
        }
    }
    for (const auto& n : plan.impacted) {
        if (n.type == "test" || n.type == "unit_test") {
            plan.tests.push_back(n);
        } else if (n.type == "exposure") {
            plan.exposures.push_back(n);
        } else if (n.type == "pipeline") {
            plan.pipelines.push_back(n);
        }
    }

    // Owners: of changed nodes, of impacted models and exposures, the owners of their groups, and
    // CODEOWNERS of changed files.
    std::map<std::string, std::set<std::string>> owners;
    for (const auto& c : plan.changes) {
        add_owner(owners, c.owner,
                  "owns " + c.type + " " + c.name + " (" + to_string(c.kind) + ")");
        const Side& side = c.kind == ChangeKind::Removed ? in.base : in.head;
        add_group_owner(owners, side, c.unique_id, c.name);
    }
    for (const auto& n : plan.impacted) {
        if (n.type == "model" || n.type == "snapshot" || n.type == "exposure" ||
            n.type == "pipeline") {
            add_owner(owners, n.owner, "owns impacted " + n.type + " " + n.name);
            add_group_owner(owners, in.head, n.unique_id, n.name);
        }
    }
    if (!in.codeowners.empty()) {
        auto rules = Codeowners::parse(in.codeowners);
        std::set<std::string> files;
        for (const auto& c : plan.changes) {
            for (const auto& p : {c.path, c.old_path}) {
                if (!p.empty()) {
                    files.insert(p);
                }
            }
        }
        for (const auto& f : files) {
            std::string repo_path = in.project_path.empty() ? f : in.project_path + "/" + f;
            const CodeownersRule* rule = nullptr;
            for (const auto& who : rules.owners_of(repo_path, &rule)) {
                add_owner(owners, who,
                          "CODEOWNERS line " + std::to_string(rule->line) + " (" + rule->pattern +
                              ") owns " + repo_path);
            }
        }
    }
    for (auto& [who, why] : owners) {
        plan.owners.push_back(Owner{who, std::vector<std::string>(why.begin(), why.end())});
    }

    // Edges among changed and impacted nodes, for pictures.
    std::set<std::string> shown = changed_ids;
    for (const auto& n : plan.impacted) {
        shown.insert(n.unique_id);
    }
    std::set<std::pair<std::string, std::string>> edges;
    for (const auto* g : {&bg, &hg}) {
        for (const auto& uid : shown) {
            const NodeId* id = g->find_unique_id(uid);
            if (id == nullptr) {
                continue;
            }
            for (NodeId c : g->children(*id)) {
                if (shown.count(g->node(c).unique_id)) {
                    edges.emplace(uid, g->node(c).unique_id);
                }
            }
        }
    }
    plan.edges.assign(edges.begin(), edges.end());

    // A selector for dpipe test: what changed in a way a build sees, and everything downstream.
    std::vector<std::string> select;
    for (const auto& c : plan.changes) {
        if (c.kind == ChangeKind::Removed || c.classification == Classification::Metadata) {
            continue;
        }
        if (c.type == "model" || c.type == "snapshot" || c.type == "seed") {
            select.push_back(c.name + "+");
        } else if (c.type == "test") {
            select.push_back(c.name);
        }
    }
    std::sort(select.begin(), select.end());
    plan.selector = util::join(select, " ");

    auto counts = in.head.snapshot->counts();
    if (counts.not_rendered + counts.not_parsed + counts.not_traced > 0) {
        plan.notes.push_back(project::summary_line(counts));
    }
    return plan;
}

} // namespace dpipe::plan
