-- Revenue per order day, with a running total and a rolling average over the last 7 order days.
with orders as (

    select * from {{ ref('fct_orders') }}

),

daily as (

    select
        order_date as revenue_date,
        COUNT(*) as order_count,
        COUNT(distinct customer_id) as customer_count,
        ROUND(SUM(case when order_status <> 'returned' then order_amount else 0 end), 2) as gross_revenue,
        ROUND(SUM(case when order_status = 'returned' then order_amount else 0 end), 2) as returned_revenue,
        ROUND(SUM(amount_paid), 2) as amount_collected
    from orders
    group by order_date

),

final as (

    select
        revenue_date,
        order_count,
        customer_count,
        gross_revenue,
        returned_revenue,
        amount_collected,
        ROUND(SUM(gross_revenue) over (
            order by revenue_date
            ROWS between unbounded preceding and CURRENT ROW
        ), 2) as cumulative_gross_revenue,
        ROUND(AVG(gross_revenue) over (
            order by revenue_date
            ROWS between 6 preceding and CURRENT ROW
        ), 2) as gross_revenue_rolling_avg
    from daily

)

select * from final
