select id from {{ source('raw', 'orders') }}
union all
select id from {{ source('raw', 'customers') }}
