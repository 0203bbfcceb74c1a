-- name: json_agg
select customer_id, json_agg(json_build_object('id', id, 'amount', amount)) as orders, jsonb_object_agg(id, amount) as amounts
from sales.orders group by customer_id
