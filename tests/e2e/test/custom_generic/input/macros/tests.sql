{% test has_parent(model, column_name, parent, parent_column='id') %}
select child.{{ column_name }} from {{ model }} as child
left join {{ parent }} as p on child.{{ column_name }} = p.{{ parent_column }}
where p.{{ parent_column }} is null
{% endtest %}

{% test broken_definition(model) %}
select {{ no_such_macro_here() }} from {{ model }}
{% endtest %}
