{% macro g() %}
grant select on {{ this }} to reporting
{% endmacro %}
