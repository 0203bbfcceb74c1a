-- name: similar_to
select id from crm.customers where postal_code similar to '[0-9]{5}' and phone !~ '^\+1'
