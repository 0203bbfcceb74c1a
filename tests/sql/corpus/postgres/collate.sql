-- name: collate
select name from crm.customers order by name collate "C"
