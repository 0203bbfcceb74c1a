-- Order history rolled up to one row per customer who ordered at least once.
with order_items as (

    select * from {{ ref('int_order_items_enriched') }}

),

customer_orders as (

    select
        customer_id,
        MIN(order_date) as first_order_date,
        MAX(order_date) as most_recent_order_date,
        COUNT(*) as order_count,
        SUM(CASE WHEN order_status = 'completed' THEN 1 ELSE 0 END) as completed_order_count,
        SUM(CASE WHEN order_status IN ('returned', 'return_pending') THEN 1 ELSE 0 END) as returned_order_count,
        ROUND(SUM(CASE WHEN order_status <> 'returned' THEN order_amount ELSE 0 END), 2) as lifetime_value
    from order_items
    group by customer_id

)

select * from customer_orders
