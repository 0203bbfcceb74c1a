with o as (select * from {{ source('raw', 'orders') }})
select * from o
