-- name: intersect_except
select customer_id from sales.orders_2023
intersect
select customer_id from sales.orders_2024
except
select customer_id from sales.refunds
