select amount / customer_id as r from {{ source('raw', 'orders') }}
