{% macro order_columns(alias) %}
    {{ alias }}.order_id,
    {{ alias }}.customer_id,
    {{ alias }}.amount,
    {{ alias }}.status
{% endmacro %}
