select {{ introspect.star(ref('stg_orders')) }}, {{ introspect.row_count(ref('stg_orders')) }} as total
from {{ ref('stg_orders') }}
