select o.id, c.name
from {{ source('raw', 'orders') }} o, {{ source('raw', 'customers') }} c
where c.id = o.customer_id
