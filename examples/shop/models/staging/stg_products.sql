-- One row per product in the catalogue; prices converted from cents to dollars.
with source as (

    select * from {{ source('raw', 'products') }}

),

renamed as (

    select
        CAST(id as INTEGER) as product_id,
        UPPER(TRIM(sku)) as sku,
        TRIM(name) as product_name,
        LOWER(category) as category,
        {{ cents_to_dollars('price_cents') }} as unit_price,
        LOWER(status) as product_status
    from source

)

select * from renamed
