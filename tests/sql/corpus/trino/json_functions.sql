-- name: json_functions
select
    event_id,
    json_value(payload, 'lax $.user.id' returning varchar null on empty) as user_id,
    json_query(payload, 'lax $.items' with array wrapper) as items,
    json_query(payload, 'lax $.note' omit quotes) as note,
    json_exists(payload, 'lax $.coupon') as has_coupon,
    transform(split(tags, ','), t -> trim(t)) as tag_list
from hive.raw.events
where event_date >= current_date - interval '7' day
