select {{ introspect.star(source('raw', 'orders'), except=['note']) }}
from {{ source('raw', 'orders') }}
