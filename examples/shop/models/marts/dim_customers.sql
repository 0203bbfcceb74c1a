-- One row per customer with contact details, geography and order history.
with customers as (

    select * from {{ ref('stg_customers') }}

),

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

countries as (

    select * from {{ ref('country_codes') }}

),

final as (

    select
        customers.customer_id,
        customers.full_name,
        customers.email,
        customers.phone,
        customers.country_code,
        COALESCE(countries.country_name, 'Unknown') as country_name,
        COALESCE(countries.region, 'Unknown') as region,
        customers.signup_date,
        customer_orders.first_order_date,
        customer_orders.most_recent_order_date,
        COALESCE(customer_orders.order_count, 0) as order_count,
        COALESCE(customer_orders.lifetime_value, 0) as lifetime_value,
        case
            when customer_orders.order_count is null then 'prospect'
            when customer_orders.lifetime_value >= 300 then 'gold'
            when customer_orders.order_count >= 2 then 'silver'
            else 'bronze'
        end as customer_tier
    from customers
    left join customer_orders
        on customers.customer_id = customer_orders.customer_id
    left join countries
        on customers.country_code = countries.country_code

)

select * from final
