{% test at_least_rows(model, n) %}
select 1 as too_few from (select count(*) as c from {{ model }}) as counted where c < {{ n }}
{% endtest %}
