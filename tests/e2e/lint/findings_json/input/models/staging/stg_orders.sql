select id, customer_id from {{ ref('fct_orders') }}
