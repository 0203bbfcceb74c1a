select id as order_id, ordered_at, shipped_at, amount
from {{ source('raw', 'orders') }}
