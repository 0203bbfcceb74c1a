select id from {{ source('raw', 'orders') }}
where customer_id not in (select id from {{ source('raw', 'customers') }})
