select {{ dbt_utils.star(ref('stg_orders')) }}
from {{ ref('stg_orders') }}
