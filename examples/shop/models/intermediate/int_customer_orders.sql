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
        SUM(case when order_status = 'completed' then 1 else 0 end) as completed_order_count,
        SUM(case when order_status in ('returned', 'return_pending') then 1 else 0 end) as returned_order_count,
        ROUND(SUM(case when order_status <> 'returned' then order_amount else 0 end), 2) as lifetime_value
    from order_items
    group by customer_id

)

select * from customer_orders
