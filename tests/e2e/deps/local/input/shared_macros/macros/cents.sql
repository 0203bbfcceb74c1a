{% macro cents_to_dollars(c) %}({{ c }} / 100.0){% endmacro %}
