select id
FROM {{ ref('orders') }}
