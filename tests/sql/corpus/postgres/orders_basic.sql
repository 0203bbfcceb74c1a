-- name: orders_basic
select id, customer_id, amount from analytics.orders where status = 'complete'
