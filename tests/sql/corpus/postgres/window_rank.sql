-- name: window_rank
select customer_id, order_id, amount,
       rank() over (partition by customer_id order by amount desc) as amount_rank,
       sum(amount) over (partition by customer_id order by ordered_at rows between unbounded preceding and current row) as running_total
from public.orders
