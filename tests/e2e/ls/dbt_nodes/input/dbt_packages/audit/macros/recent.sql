{% test recent(model, column_name) %}
select 1 where false
{% endtest %}
