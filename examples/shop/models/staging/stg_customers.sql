-- One row per customer, with cleaned contact details and an upper-case ISO country code.
with source as (

    select * from {{ source('raw', 'customers') }}

),

renamed as (

    select
        CAST(id as INTEGER) as customer_id,
        TRIM(first_name) as first_name,
        TRIM(last_name) as last_name,
        TRIM(first_name) || ' ' || TRIM(last_name) as full_name,
        LOWER(TRIM(email)) as email,
        NULLIF(TRIM(phone), '') as phone,
        UPPER(NULLIF(TRIM(country), '')) as country_code,
        created_at as signup_date
    from source

)

select * from renamed
