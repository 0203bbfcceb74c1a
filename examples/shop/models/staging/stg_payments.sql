-- One row per payment attempt, failed attempts included.
with source as (

    select * from {{ source('raw', 'payments') }}

),

renamed as (

    select
        CAST(id as INTEGER) as payment_id,
        CAST(order_id as INTEGER) as order_id,
        LOWER(payment_method) as payment_method,
        LOWER(status) as payment_status,
        CAST(amount_cents as INTEGER) as amount_cents,
        {{ cents_to_dollars('amount_cents') }} as amount,
        created_at as payment_date
    from source

)

select * from renamed
