-- name: correlated_where
select o.* from sales.orders o where o.amount > (select avg(amount) from sales.orders i where i.customer_id = o.customer_id)
