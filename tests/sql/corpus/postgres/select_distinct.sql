-- name: select_distinct
select distinct country, city from crm.addresses where country is not null
