// GV005 pii-leak: a PII column reaching, through column lineage, a model column or an exposure
// that is not tagged PII.

#include "lint/helpers.hpp"
#include "lint/rules/governance/rules.hpp"
#include "project/columns.hpp"
#include "util/strings.hpp"

#include <cctype>
#include <map>

namespace dpipe::lint {

namespace {

const std::vector<core::Column>* columns_of(const Context& ctx, graph::NodeId id) {
    const graph::Node& n = ctx.graph().node(id);
    const core::Project& p = ctx.project();
    switch (n.type) {
    case graph::NodeType::Model:
    case graph::NodeType::Snapshot: return n.index < p.models.size() ? &p.models[n.index].columns : nullptr;
    case graph::NodeType::Seed: return n.index < p.seeds.size() ? &p.seeds[n.index].columns : nullptr;
    case graph::NodeType::Source: return n.index < p.sources.size() ? &p.sources[n.index].columns : nullptr;
    default: return nullptr;
    }
}

const core::Column* find_column(const std::vector<core::Column>* cols, std::string_view name) {
    if (cols == nullptr) {
        return nullptr;
    }
    for (const auto& c : *cols) {
        if (util::iequals(c.name, name)) {
            return &c;
        }
    }
    return nullptr;
}

bool tagged(const core::Column* c, const std::string& tag) {
    if (c == nullptr) {
        return false;
    }
    if (c->pii && tag == "pii") {
        return true;
    }
    auto it = c->meta.find(tag);
    if (it != c->meta.end() && it->is_boolean() && it->get<bool>()) {
        return true;
    }
    return std::find(c->tags.begin(), c->tags.end(), tag) != c->tags.end();
}

// Where a column is named in a file: its alias ("as email") when there is one, else the first
// time the name appears as a word, else the file's first line.
core::SourceLoc word_loc(const Context& ctx, const std::string& path, const std::string& word) {
    std::string_view text = ctx.file_text(path);
    std::string lower = util::to_lower(text);
    std::string w = util::to_lower(word);
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    std::size_t first = std::string::npos;
    for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) {
        bool left = at == 0 || !is_word(lower[at - 1]);
        bool right = at + w.size() >= lower.size() || !is_word(lower[at + w.size()]);
        if (!left || !right) {
            continue;
        }
        if (first == std::string::npos) {
            first = at;
        }
        if (at >= 3 && lower.compare(at - 3, 3, "as ") == 0) {
            first = at;
            break;
        }
    }
    if (first == std::string::npos) {
        return {path, 1, 1};
    }
    util::LineCol lc = util::line_col_at(text, first);
    return {path, lc.line, lc.col};
}

class PiiLeak : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i = rule_info(
                "GV005", "pii-leak", Family::Governance, core::Severity::Error,
                "A column tagged PII flows, by column lineage, into a column or an exposure not tagged PII",
                "```yaml\n# sources: customers.email has meta: { pii: true }\n"
                "# models/marts/fct_orders.sql: select o.*, c.email as customer_email ...\n```\n"
                "`fct_orders.customer_email` carries e-mail addresses but nothing says so: masking, grants and "
                "retention rules that key on the PII tag miss it, and a dashboard on it exposes them.",
                "Tag the column where PII flows (so policies follow it), or stop it flowing (hash, drop, aggregate):\n\n"
                "```yaml\n  - name: customer_email\n    meta: { pii: true }\n```\n\n"
                "An exposure that is meant to handle PII says so with `meta: { pii: true }`.",
                {{"tag", "pii", "the meta key (true) or tag that marks a PII column"},
                 {"check_exposures", true, "also report exposures that read PII columns"}});
            i.uses_lineage = true;
            return i;
        }();
        return k_info;
    }

    void check_project(const Context& ctx, const RuleOptions& opts, Reporter& out) const override {
        std::string tag = opts.get_string("tag");
        const graph::Graph& g = ctx.graph();
        const project::ColumnLineage& lineage = ctx.lineage();
        // PII columns and how PII got there, keyed by node and lower-case column.
        std::map<std::pair<graph::NodeId, std::string>, std::vector<std::string>> carry;
        auto label = [&](graph::NodeId id, const std::string& col) { return g.node(id).name + "." + col; };
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            if (const auto* cols = columns_of(ctx, id)) {
                for (const auto& c : *cols) {
                    if (tagged(&c, tag)) {
                        carry[{id, util::to_lower(c.name)}] = {label(id, c.name)};
                    }
                }
            }
        }
        for (graph::NodeId id : g.topological_order()) {
            if (!is_model_node(g.node(id)) || id >= lineage.models.size() || !lineage.models[id].analysed) {
                continue;
            }
            const auto* cols = columns_of(ctx, id);
            for (const auto& oc : lineage.models[id].columns) {
                if (oc.how == sql::Derivation::Aggregate) {
                    continue; // count(email) is not an e-mail address
                }
                const std::vector<std::string>* from = nullptr;
                for (const auto& r : oc.from) {
                    auto it = carry.find({r.node, util::to_lower(r.column)});
                    if (it != carry.end()) {
                        from = &it->second;
                        break;
                    }
                }
                if (from == nullptr) {
                    continue;
                }
                std::vector<std::string> path = *from;
                path.push_back(label(id, oc.name));
                const core::Column* declared = find_column(cols, oc.name);
                if (tagged(declared, tag)) {
                    carry[{id, util::to_lower(oc.name)}] = std::move(path);
                    continue;
                }
                const graph::Node& n = g.node(id);
                out.report(finding(word_loc(ctx, n.path, oc.name),
                                   "column '" + oc.name + "' of '" + n.name + "' carries PII from " + path.front() +
                                       " but is not tagged " + tag,
                                   {"lineage: " + util::join(path, " -> ")}));
            }
        }
        if (!opts.get_bool("check_exposures")) {
            return;
        }
        for (graph::NodeId id = 0; id < g.size(); ++id) {
            const graph::Node& e = g.node(id);
            if (e.type != graph::NodeType::Exposure || e.index >= ctx.project().exposures.size()) {
                continue;
            }
            // An exposure that says it handles PII (meta: {pii: true}) may read it.
            const core::Json& meta = ctx.project().exposures[e.index].meta;
            auto it = meta.find(tag);
            if (it != meta.end() && it->is_boolean() && it->get<bool>()) {
                continue;
            }
            std::vector<std::string> columns;
            std::vector<std::string> notes;
            for (graph::NodeId p : g.parents(id)) {
                for (const auto& [key, path] : carry) {
                    if (key.first == p) {
                        columns.push_back(path.back());
                        notes.push_back("lineage: " + util::join(path, " -> ") + " -> exposure " + e.name);
                    }
                }
            }
            if (!columns.empty()) {
                out.report(finding(e.loc,
                                   "exposure '" + e.name + "' reads PII (" + util::join(columns, ", ") +
                                       ") but does not declare meta: { " + tag + ": true }",
                                   std::move(notes)));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_gv005_pii_leak() { return std::make_unique<PiiLeak>(); }

} // namespace dpipe::lint
