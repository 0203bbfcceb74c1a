-- an ad hoc query dbt compiles but never runs
select id, amount * 2 as doubled
from {{ ref('orders') }}
