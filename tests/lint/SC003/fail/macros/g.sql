{% macro g() %}
grant select on {{ this }} to public
{% endmacro %}
