with source as (

    select * from {{ source('app', 'invoices') }}

),

renamed as (

    select
        CAST(id AS INTEGER) as invoice_id,
        CAST(subscription_id AS INTEGER) as subscription_id,
        invoice_date,
        SUBSTR(invoice_date, 1, 7) as invoice_month,
        CAST(amount_cents AS INTEGER) as amount_cents,
        ROUND(CAST(amount_cents AS NUMERIC) / 100.0, 2) as amount,
        LOWER(status) as invoice_status
    from source

)

select * from renamed
