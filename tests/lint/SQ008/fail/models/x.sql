select id from {{ source('raw', 'orders') }}
order by id
