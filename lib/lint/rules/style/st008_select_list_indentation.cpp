// ST008 select-list-indentation: the items of a select list that start a line all start in one
// column (that of the first such item, or of the first item when it follows SELECT).

#include "lint/rules/sql/sql_util.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint::rules {
namespace {

using sql::NodeId;
using sql::NodeKind;

class SelectListIndentation final : public Rule {
public:
    const RuleInfo& info() const override {
        static const RuleInfo k_info = [] {
            RuleInfo i;
            i.code = "ST008";
            i.name = "select-list-indentation";
            i.family = Family::Style;
            i.default_severity = core::Severity::Warning;
            i.summary = "Items of a multi-line select list that do not start in the same column";
            i.anti_pattern = "A ragged select list hides which lines are items and which continue an "
                             "expression.\n\n```sql\nselect\n    id,\n      amount,\n  status\nfrom orders\n```";
            i.best_practice = "Start each item in one column.\n\n"
                              "```sql\nselect\n    id,\n    amount,\n    status\nfrom orders\n```";
            return i;
        }();
        return k_info;
    }

    void check_unit(const Context&, const SqlUnit& unit, const RuleOptions&, Reporter& out) const override {
        walk_unit(unit, [&](const sql::Statement& st, NodeId id) {
            const sql::Ast& ast = *st.ast;
            if (ast.node(id).kind == NodeKind::SelectList) {
                check_list(ast, unit, id, out);
            }
            return true;
        });
    }

private:
    // The offset of the first character of the item's line when only blanks and one comma come
    // before the item on it, else npos.
    static std::size_t line_start_of(std::string_view t, std::size_t begin) {
        std::size_t i = begin;
        bool comma = false;
        while (i > 0) {
            char c = t[i - 1];
            if (c == '\n') {
                break;
            }
            if (c == ',' && !comma) {
                comma = true;
            } else if (c != ' ' && c != '\t') {
                return std::string_view::npos;
            }
            --i;
        }
        // The line's first visible character: the item, or its leading comma.
        while (i < begin && (t[i] == ' ' || t[i] == '\t')) {
            ++i;
        }
        return i;
    }

    static void check_list(const sql::Ast& ast, const SqlUnit& unit, NodeId list, Reporter& out) {
        auto items = ast.children(list);
        if (items.size() < 2) {
            return;
        }
        std::string_view t = ast.source();
        int want = 0;
        for (std::size_t k = 0; k < items.size(); ++k) {
            const std::size_t begin = ast.node(items[k]).begin;
            std::size_t first = line_start_of(t, begin);
            std::size_t raw = 0;
            if (k == 0 && first == std::string_view::npos) {
                if (unit.literal_span(begin, begin + 1, raw)) {
                    want = unit.locate_rendered(begin).col; // aligned under the first item
                }
                continue;
            }
            if (first == std::string_view::npos || !unit.literal_span(first, first + 1, raw)) {
                continue;
            }
            const int col = unit.locate_rendered(first).col;
            if (want == 0) {
                want = col;
            } else if (col != want && unit.locate_rendered(begin).col != want) {
                out.report(finding_at(unit, first,
                                      "select list item starts in column " + std::to_string(col) + ", the list in column " +
                                          std::to_string(want)));
            }
        }
    }
};

} // namespace

std::unique_ptr<Rule> make_select_list_indentation() { return std::make_unique<SelectListIndentation>(); }

} // namespace dpipe::lint::rules
