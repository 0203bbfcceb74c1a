select o.id, name
from {{ source('raw', 'orders') }} o
join {{ source('raw', 'customers') }} c on c.id = o.customer_id
