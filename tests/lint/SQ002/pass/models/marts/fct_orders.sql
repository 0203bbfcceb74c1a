with o as (select * from {{ source('raw', 'orders') }})
select id, amount from o
