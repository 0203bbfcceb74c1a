-- name: fetch_first
select id from catalog.products order by created_at desc fetch first 10 rows only
