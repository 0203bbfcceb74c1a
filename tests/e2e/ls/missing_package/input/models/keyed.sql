select
    {{ dbt_utils.generate_surrogate_key(['id', 'name']) }} as sk,
    {{ dbt_utils.star(from=ref('base'), except=['name']) }}
from {{ ref('base') }}
