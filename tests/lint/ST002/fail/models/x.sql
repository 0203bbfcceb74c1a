select id, Amount
from {{ ref('orders') }}
