-- name: derived_agg_join
select c.id, c.name, t.total
from crm.customers c
join (select customer_id, sum(amount) as total from sales.orders group by customer_id) t on t.customer_id = c.id
where t.total > 500
