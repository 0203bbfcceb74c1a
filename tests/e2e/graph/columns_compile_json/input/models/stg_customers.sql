select {{ introspect.star(ref('customers'), except=['EMAIL'], prefix='customer_') }}
from {{ ref('customers') }}
