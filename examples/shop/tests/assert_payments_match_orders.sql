-- Every order that left the warehouse must be paid in full: its successful payments add up to
-- the order amount, to the cent. Returns the orders where they do not.
with orders as (

    select * from {{ ref('int_order_items_enriched') }}

),

payments as (

    select * from {{ ref('int_order_payments') }}

)

select
    orders.order_id,
    orders.order_status,
    orders.order_amount,
    COALESCE(payments.total_paid, 0) as total_paid
from orders
left join payments
    on orders.order_id = payments.order_id
where orders.order_status in ('shipped', 'completed', 'return_pending', 'returned')
    and ABS(orders.order_amount - COALESCE(payments.total_paid, 0)) >= 0.01
