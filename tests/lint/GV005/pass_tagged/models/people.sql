select
    email as contact
from {{ source('raw', 'people') }}
