-- Customer lifetime value for the churn and LTV models: no contact details, one row per customer.
with customers as (

    select * from {{ ref('dim_customers') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

order_stats as (

    select
        customer_id,
        ROUND(AVG(order_amount), 2) as avg_order_value,
        SUM(quantity) as items_purchased,
        COUNT(distinct category) as categories_purchased
    from orders
    where order_status <> 'returned'
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.customer_tier,
        customers.region,
        customers.signup_date,
        customers.first_order_date,
        customers.most_recent_order_date,
        customers.order_count,
        customers.lifetime_value,
        COALESCE(order_stats.avg_order_value, 0) as avg_order_value,
        COALESCE(order_stats.items_purchased, 0) as items_purchased,
        COALESCE(order_stats.categories_purchased, 0) as categories_purchased,
        ROW_NUMBER() over (
            order by customers.lifetime_value desc, customers.customer_id
        ) as ltv_rank,
        ROUND(
            customers.lifetime_value * 100.0
            / NULLIF(SUM(customers.lifetime_value) over (), 0),
            2
        ) as ltv_share_pct
    from customers
    left join order_stats
        on customers.customer_id = order_stats.customer_id

)

select * from final
