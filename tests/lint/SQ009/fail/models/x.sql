select id from {{ source('raw', 'orders') }}
union
select id from {{ source('raw', 'customers') }}
