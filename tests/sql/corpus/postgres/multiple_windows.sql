-- name: multiple_windows
select id, row_number() over (order by id) as rn, ntile(4) over (order by amount) as quartile,
       first_value(amount) over (partition by customer_id order by created_at range between unbounded preceding and unbounded following) as first_amount,
       avg(amount) over (partition by customer_id order by created_at rows between 3 preceding and current row) as moving_avg
from sales.orders
