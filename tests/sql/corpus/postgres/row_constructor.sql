-- name: row_constructor
select * from sales.orders where (customer_id, status) = (42, 'open')
