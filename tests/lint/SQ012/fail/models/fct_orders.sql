select o.order_id,
  o.order_total
from {{ ref('stg_orders') }} o
