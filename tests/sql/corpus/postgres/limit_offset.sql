-- name: limit_offset
select id, name from catalog.products order by name asc nulls last limit 20 offset 40
