select id from {{ ref('src') }}
