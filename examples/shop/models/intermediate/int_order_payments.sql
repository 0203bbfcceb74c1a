-- Payments aggregated to one row per order. Only successful payments count towards the paid amount.
with payments as (

    select * from {{ ref('stg_payments') }}

),

order_payments as (

    select
        order_id,
        COUNT(*) as payment_attempts,
        SUM(CASE WHEN payment_status = 'success' THEN 1 ELSE 0 END) as successful_payments,
        ROUND(SUM(CASE WHEN payment_status = 'success' THEN amount ELSE 0 END), 2) as total_paid,
        ROUND(SUM(CASE WHEN payment_status = 'success' AND payment_method = 'gift_card' THEN amount ELSE 0 END), 2) as gift_card_amount,
        MIN(payment_date) as first_payment_date,
        MAX(payment_date) as last_payment_date
    from payments
    group by order_id

)

select * from order_payments
