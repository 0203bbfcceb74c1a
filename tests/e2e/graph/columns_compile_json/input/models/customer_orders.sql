select c.customer_id, c.customer_first_name, o.amount
from {{ ref('stg_customers') }} as c
join {{ ref('stg_orders') }} as o on o.customer_id = c.customer_id
group by {{ introspect.star(ref('stg_customers')) }}, o.amount
