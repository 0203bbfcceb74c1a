-- name: nulls_first
select * from crm.customers order by last_login desc nulls first, id
