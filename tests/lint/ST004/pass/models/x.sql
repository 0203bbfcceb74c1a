select
    id
from {{ ref('orders') }}
