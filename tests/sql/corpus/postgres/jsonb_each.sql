-- name: jsonb_each
select e.id, kv.key, kv.value from raw.events e, jsonb_each_text(e.properties) as kv
