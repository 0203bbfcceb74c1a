-- name: distinct_on
select distinct on (customer_id) customer_id, id as latest_order_id, created_at
from sales.orders order by customer_id, created_at desc
