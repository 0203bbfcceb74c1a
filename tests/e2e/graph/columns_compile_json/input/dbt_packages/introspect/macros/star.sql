{# The columns of a relation, as a select list; `*` while dbt parses (no warehouse yet). #}
{% macro star(from, except=[], prefix='') -%}
  {%- if execute -%}
    {%- set skip = except | map('lower') | list -%}
    {%- set names = [] -%}
    {%- for col in adapter.get_columns_in_relation(from) -%}
      {%- if col.column | lower not in skip -%}
        {%- do names.append(adapter.quote(col.column) ~ (' as ' ~ adapter.quote(prefix ~ col.column) if prefix else '')) -%}
      {%- endif -%}
    {%- endfor -%}
    {{ names | join(',\n  ') }}
  {%- else -%}
    *
  {%- endif -%}
{%- endmacro %}

{# Row counts need data: this one can only be compiled against a warehouse. #}
{% macro row_count(relation) -%}
  {%- if execute -%}
    {{ run_query('select count(*) from ' ~ relation).columns[0].values()[0] }}
  {%- else -%}
    0
  {%- endif -%}
{%- endmacro %}
