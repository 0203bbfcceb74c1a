select o.id, c.id as customer_id
from {{ source('raw', 'orders') }} o
join {{ source('raw', 'customers') }} c on c.id = o.customer_id
