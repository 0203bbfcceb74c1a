a   {%- if true -%}   b   {%- endif -%}   c
{{- ' d ' -}}
  e {# comment -#}   f
