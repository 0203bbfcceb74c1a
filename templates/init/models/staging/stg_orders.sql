-- One row per order since var('start_date'), amount in dollars.
with source as (

    select * from {{ source('raw', 'orders') }}

),

renamed as (

    select
        CAST(id AS INTEGER) as order_id,
        CAST(customer_id AS INTEGER) as customer_id,
        order_date,
        LOWER(status) as order_status,
        ROUND(CAST(COALESCE(amount_cents, 0) AS NUMERIC) / 100.0, 2) as amount
    from source
    where order_date >= '{{ var("start_date") }}'

)

select * from renamed
