select 1 as id, 2 as customer_id
from {{ ref('stg_ordrs') }}
