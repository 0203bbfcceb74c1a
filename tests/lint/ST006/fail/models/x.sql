select id, amount, amount * 2 as twice, amount * 3 as thrice
from {{ ref('orders') }}
