{{ config(materialized='table') }}

-- One row per order with its amount, payment status and position in the customer's history.
with order_items as (

    select * from {{ ref('int_order_items_enriched') }}

),

order_payments as (

    select * from {{ ref('int_order_payments') }}

),

final as (

    select
        order_items.order_id,
        order_items.customer_id,
        order_items.product_id,
        order_items.category,
        order_items.order_date,
        order_items.order_month,
        order_items.order_status,
        order_items.quantity,
        order_items.order_amount,
        COALESCE(order_payments.total_paid, 0) as amount_paid,
        ROUND(order_items.order_amount - COALESCE(order_payments.total_paid, 0), 2) as amount_outstanding,
        COALESCE(order_payments.gift_card_amount, 0) as gift_card_amount,
        COALESCE(order_payments.payment_attempts, 0) as payment_attempts,
        case
            when ROUND(order_items.order_amount - COALESCE(order_payments.total_paid, 0), 2) <= 0 then 1
            else 0
        end as is_fully_paid,
        ROW_NUMBER() over (
            partition by order_items.customer_id
            order by order_items.order_date, order_items.order_id
        ) as customer_order_number
    from order_items
    left join order_payments
        on order_items.order_id = order_payments.order_id

)

select * from final
