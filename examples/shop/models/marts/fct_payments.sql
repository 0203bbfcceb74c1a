{{ config(materialized='incremental', unique_key='payment_id') }}

-- One row per payment attempt with the paying customer. Incremental: a run only picks up
-- payments newer than the latest one already loaded.
with payments as (

    select * from {{ ref('stg_payments') }}
    {% if is_incremental() %}
    where payment_date > (select max(payment_date) from {{ this }})
    {% endif %}

),

orders as (

    select * from {{ ref('stg_orders') }}

),

final as (

    select
        payments.payment_id,
        payments.order_id,
        orders.customer_id,
        payments.payment_date,
        payments.payment_method,
        payments.payment_status,
        payments.amount
    from payments
    left join orders
        on payments.order_id = orders.order_id

)

select * from final
