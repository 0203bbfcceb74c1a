// SQ012 unknown-upstream-column: a model reads a column of an upstream model, seed or source
// that does not produce it (per its known columns: declared, seed header or inferred lineage).

#include "lint/rules/sql/sql_rules.hpp"
#include "lint/rules/sql/sql_util.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class UnknownUpstreamColumn final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "SQ012";
            i.name = "unknown-upstream-column";
            i.family = Family::Sql;
            i.default_severity = core::Severity::Error;
            i.uses_lineage = true;
            i.summary = "A column read from an upstream model, seed or source that does not produce it";
            i.anti_pattern =
                "The column was renamed or dropped upstream (or never existed): the model fails when "
                "it is built, after everything before it ran.\n\n"
                "```sql\n-- stg_orders produces order_id, amount\nselect o.order_total from {{ ref('stg_orders') }} o\n```";
            i.best_practice = "Read the columns the upstream relation produces, or add the column there.\n\n"
                              "```sql\nselect o.amount from {{ ref('stg_orders') }} o\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context& ctx, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        if (!is_query_unit(unit) || unit.script == nullptr) {
            return;
        }
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            if (st.ast->node(id).kind == NodeKind::Select) {
                check_select(ctx, *st.ast, unit, id, out);
            }
            return true;
        });
    }

private:
    struct Upstream {
        std::string_view name; // how the query refers to it (alias or table name)
        graph::NodeId node = 0;
        const std::vector<std::string>* columns = nullptr; // known columns
    };

    // The graph node a relation rendered by ref() or source() stands for, or nullopt.
    static std::optional<graph::NodeId> upstream_node(const Context& ctx, const SqlUnit& unit,
                                                      const sql::Ast& ast, NodeId table_ref) {
        NodeId first = sql::k_no_node;
        NodeId last = sql::k_no_node;
        for (NodeId c : ast.children(table_ref)) {
            if (ast.node(c).kind == NodeKind::Ident) {
                first = first == sql::k_no_node ? c : first;
                last = c;
            }
        }
        if (first == sql::k_no_node) {
            return std::nullopt;
        }
        const std::size_t begin = ast.node(first).begin;
        const std::size_t end = ast.node(last).end;
        std::size_t raw_begin = 0;
        if (unit.literal_span(begin, end, raw_begin)) {
            return std::nullopt; // written by hand, not by ref() or source()
        }
        const std::string_view written = ast.source().substr(begin, end - begin);
        const auto& rel = ctx.snapshot().relations;
        std::string found;
        graph::NodeType want = graph::NodeType::Model;
        auto it = rel.refs.find(std::string(ast.node(last).text));
        if (it != rel.refs.end() && it->second == written) {
            found = it->first;
        } else {
            for (const auto& [name, relation] : rel.sources) {
                if (relation == written) {
                    found = name;
                    want = graph::NodeType::Source;
                    break;
                }
            }
        }
        if (found.empty()) {
            return std::nullopt;
        }
        for (graph::NodeId n : ctx.graph().find_name(found)) {
            const auto t = ctx.graph().node(n).type;
            if (want == graph::NodeType::Source ? t == graph::NodeType::Source : t != graph::NodeType::Source) {
                return n;
            }
        }
        return std::nullopt;
    }

    static void check_select(const Context& ctx, const sql::Ast& ast, const SqlUnit& unit, NodeId select,
                             Reporter& out) {
        NodeId from = ast.child_of_kind(select, NodeKind::From);
        if (from == sql::k_no_node) {
            return;
        }
        std::vector<Upstream> upstream;
        int relations = 0;
        const project::ColumnLineage* lineage = nullptr;
        for_each_relation(ast, from, [&](NodeId rel) {
            ++relations;
            if (ast.node(rel).kind != NodeKind::TableRef) {
                return;
            }
            auto node = upstream_node(ctx, unit, ast, rel);
            if (!node) {
                return;
            }
            if (lineage == nullptr) {
                lineage = &ctx.lineage();
            }
            if (*node < lineage->known.size() && lineage->known[*node]) {
                upstream.push_back(Upstream{relation_name(ast, rel), *node, &*lineage->known[*node]});
            }
        });
        if (upstream.empty()) {
            return;
        }
        std::vector<std::string_view> aliases;
        NodeId list = ast.child_of_kind(select, NodeKind::SelectList);
        if (list != sql::k_no_node) {
            for (NodeId item : ast.children(list)) {
                if (ast.child_of_kind(item, NodeKind::Alias) != sql::k_no_node) {
                    aliases.push_back(output_name(ast, item));
                }
            }
        }
        for (NodeId clause : ast.children(select)) {
            const NodeKind k = ast.node(clause).kind;
            if (k != NodeKind::SelectList && k != NodeKind::Where && k != NodeKind::From &&
                k != NodeKind::GroupBy && k != NodeKind::Having) {
                continue;
            }
            walk(ast, clause, [&](NodeId id) {
                const sql::Node& n = ast.node(id);
                if (n.kind == NodeKind::Query || n.kind == NodeKind::TableFunc) {
                    return false;
                }
                if (n.kind != NodeKind::ColumnRef || n.child_count == 0 || n.child_count > 2) {
                    return true;
                }
                auto parts = ast.children(id);
                std::string_view column = ast.node(parts[parts.size() - 1]).text;
                const Upstream* up = nullptr;
                if (parts.size() == 2) {
                    std::string_view q = ast.node(parts[0]).text;
                    for (const auto& u : upstream) {
                        up = iequal(u.name, q) ? &u : up;
                    }
                } else if (relations == 1 && k != NodeKind::GroupBy && k != NodeKind::Having &&
                           !contains_ci(aliases, column)) {
                    up = &upstream[0];
                }
                if (up == nullptr) {
                    return false;
                }
                for (const auto& c : *up->columns) {
                    if (iequal(c, column)) {
                        return false;
                    }
                }
                out.report(finding_at(unit, n.begin,
                                      "column '" + std::string(column) + "' is read from '" +
                                          ctx.graph().node(up->node).name + "', which does not produce it"));
                return false;
            });
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_unknown_upstream_column() { return std::make_unique<UnknownUpstreamColumn>(); }

} // namespace dpipe::lint::rules
