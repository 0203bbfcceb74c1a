-- name: left_anti
select c.id from crm.customers c left join sales.orders o on o.customer_id = c.id where o.id is null
