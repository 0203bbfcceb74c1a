select amount / nullif(customer_id, 0) as r from {{ source('raw', 'orders') }}
