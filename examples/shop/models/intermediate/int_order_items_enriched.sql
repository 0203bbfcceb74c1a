-- Orders joined to the product catalogue: one row per order with its category and amount.
with orders as (

    select * from {{ ref('stg_orders') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

enriched as (

    select
        orders.order_id,
        orders.customer_id,
        orders.product_id,
        products.sku,
        products.product_name,
        products.category,
        orders.order_date,
        SUBSTR(orders.order_date, 1, 7) as order_month,
        orders.order_status,
        orders.quantity,
        products.unit_price,
        ROUND(orders.quantity * products.unit_price, 2) as order_amount
    from orders
    left join products
        on orders.product_id = products.product_id

)

select * from enriched
