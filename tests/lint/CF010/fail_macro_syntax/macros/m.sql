{% macro broken( %}
select 1
{% endmacro %}
