// The style rules (lint::Family). One line per rule, in code order.

#include "lint/registry.hpp"
#include "lint/rules/style/style_rules.hpp"

namespace dpipe::lint {

void register_style_rules(RuleList& out) {
    out.push_back(rules::make_keyword_case());
    out.push_back(rules::make_identifier_case());
    out.push_back(rules::make_trailing_whitespace());
    out.push_back(rules::make_tab_indentation());
    out.push_back(rules::make_final_newline());
    out.push_back(rules::make_line_length());
    out.push_back(rules::make_comma_position());
    out.push_back(rules::make_select_list_indentation());
}

} // namespace dpipe::lint
