with source as (

    select * from {{ source('app', 'accounts') }}

),

renamed as (

    select
        CAST(id AS INTEGER) as account_id,
        TRIM(name) as account_name,
        COALESCE(NULLIF(industry, ''), 'unknown') as industry,
        created_at as created_on,
        CAST(is_internal AS INTEGER) as is_internal
    from source
    {% if var('exclude_internal_accounts') %}
    where CAST(is_internal AS INTEGER) = 0
    {% endif %}

)

select * from renamed
