with o as (select * from {{ source('raw', 'orders') }})
select id from o
