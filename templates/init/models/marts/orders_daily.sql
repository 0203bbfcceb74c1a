{{ config(materialized='table') }}

-- Orders and revenue per day, cancelled orders excluded from revenue.
with orders as (

    select * from {{ ref('stg_orders') }}

)

select
    order_date,
    COUNT(*) as order_count,
    ROUND(SUM(CASE WHEN order_status <> 'cancelled' THEN amount ELSE 0 END), 2) as revenue
from orders
group by order_date
