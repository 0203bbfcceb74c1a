-- name: having_clause
select customer_id, count(*) as n from sales.orders group by customer_id having count(*) > 5 and sum(amount) > 1000
