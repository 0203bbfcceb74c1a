with source as (

    select * from {{ source('app', 'subscriptions') }}

),

renamed as (

    select
        CAST(id AS INTEGER) as subscription_id,
        CAST(account_id AS INTEGER) as account_id,
        LOWER(plan) as plan_code,
        CAST(seats AS INTEGER) as seats,
        started_on,
        NULLIF(ended_on, '') as ended_on,
        LOWER(status) as subscription_status
    from source

)

select * from renamed
