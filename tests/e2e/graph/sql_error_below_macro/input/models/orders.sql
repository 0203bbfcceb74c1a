select
    {{ order_columns('o') }}
from raw_orders o
where o.amount > ) 0
