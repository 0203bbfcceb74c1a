{#- One row per model: its name and its row count. Every name in model_names
    is passed to ref(), so the models become dependencies of the caller. -#}
{% macro union_row_counts(model_names) -%}
{%- for model_name in model_names %}
select
    '{{ model_name }}' as model_name,
    count(*) as row_count
from {{ ref(model_name) }}
{%- if not loop.last %}

union all
{% endif -%}
{%- endfor %}
{%- endmacro %}
