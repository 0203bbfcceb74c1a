with o as (
    select * from {{ ref("stg_order") }}
)
select * from o
