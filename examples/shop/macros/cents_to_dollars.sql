{#- Converts an integer amount in cents to a dollar amount with two decimals.
    The cast keeps the division exact on PostgreSQL (numeric) and avoids
    integer division on SQLite. -#}
{% macro cents_to_dollars(column) -%}
ROUND(CAST({{ column }} AS NUMERIC) / 100.0, 2)
{%- endmacro %}
