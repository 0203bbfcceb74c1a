-- One row per customer who ordered: first and latest order, order count and amount spent.
with orders as (

    select * from {{ ref('stg_orders') }}
    where order_status <> 'cancelled'

)

select
    customer_id,
    MIN(order_date) as first_order_date,
    MAX(order_date) as most_recent_order_date,
    COUNT(*) as order_count,
    ROUND(SUM(amount), 2) as total_spent
from orders
group by customer_id
