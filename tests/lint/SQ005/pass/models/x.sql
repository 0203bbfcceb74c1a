select id from {{ source('raw', 'orders') }}
where amount is null
