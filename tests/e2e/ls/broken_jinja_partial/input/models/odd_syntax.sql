-- SQL the parser cannot read: dbt never parses SQL, so this is a warning, not an error
select order_id,
       case when then end as odd
from {{ ref('stg_orders') }}
