-- name: customer_lifetime
with orders as (
    select customer_id, order_date, amount from staging.stg_orders
),
customer_orders as (
    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(*) as number_of_orders,
        sum(amount) as lifetime_value
    from orders
    group by customer_id
)
select c.customer_id, c.first_name, c.last_name, co.first_order, co.most_recent_order,
       coalesce(co.number_of_orders, 0) as number_of_orders, co.lifetime_value
from staging.stg_customers c
left join customer_orders co on c.customer_id = co.customer_id
