# Sources of the style rules, relative to lib/lint; one rule per file.
list(APPEND DPIPE_LINT_SOURCES rules/style/registry.cpp rules/style/style_util.cpp
  rules/style/st001_keyword_case.cpp
  rules/style/st002_identifier_case.cpp
  rules/style/st003_trailing_whitespace.cpp
  rules/style/st004_tab_indentation.cpp
  rules/style/st005_final_newline.cpp
  rules/style/st006_line_length.cpp
  rules/style/st007_comma_position.cpp
  rules/style/st008_select_list_indentation.cpp)
