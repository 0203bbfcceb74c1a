-- name: order_by_expression
select id, name from crm.customers order by lower(name) desc, id
