-- name: is_distinct
select a.id from snapshots.current a join snapshots.previous b on a.id = b.id where a.hash is distinct from b.hash
