select o.id from {{ source('raw', 'orders') }} o
where not exists (select 1 from {{ source('raw', 'customers') }} c where c.id = o.customer_id)
