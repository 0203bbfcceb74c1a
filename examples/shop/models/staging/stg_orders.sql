-- One row per order placed since var('start_date'). Each order holds a single product line.
with source as (

    select * from {{ source('raw', 'orders') }}

),

renamed as (

    select
        CAST(id as INTEGER) as order_id,
        CAST(customer_id as INTEGER) as customer_id,
        CAST(product_id as INTEGER) as product_id,
        CAST(quantity as INTEGER) as quantity,
        order_date,
        LOWER(status) as order_status
    from source
    where order_date >= '{{ var("start_date") }}'

)

select * from renamed
