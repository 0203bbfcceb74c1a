-- Payments aggregated to one row per order. Only successful payments count towards the paid amount.
with payments as (

    select * from {{ ref('stg_payments') }}

),

order_payments as (

    select
        order_id,
        COUNT(*) as payment_attempts,
        SUM(case when payment_status = 'success' then 1 else 0 end) as successful_payments,
        ROUND(SUM(case when payment_status = 'success' then amount else 0 end), 2) as total_paid,
        ROUND(SUM(
            case when payment_status = 'success' and payment_method = 'gift_card' then amount else 0 end
        ), 2) as gift_card_amount,
        MIN(payment_date) as first_payment_date,
        MAX(payment_date) as last_payment_date
    from payments
    group by order_id

)

select * from order_payments
