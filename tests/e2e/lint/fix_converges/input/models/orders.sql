select id, {{ "AMOUNT" }} AS amount
FROM {{ source('shop', 'orders') }}
WHERE id IS NOT NULL
