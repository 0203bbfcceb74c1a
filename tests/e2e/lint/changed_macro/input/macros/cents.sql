{% macro to_dollars(col) %}{{ col }} / 100{% endmacro %}
