-- name: cte_shadowing
with orders as (select * from sales.orders where amount > 0) select count(*) from orders
