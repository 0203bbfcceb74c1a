select id from {{ ref('s') }}
