-- reads a table that only exists in the warehouse: running it would fail
select o.id, w.region
from {{ ref('orders') }} as o
join warehouse_only.regions as w on w.id = o.id
