-- name: array_join
select
    event_id,
    tag,
    toStartOfDay(event_time) as day,
    arrayMap(x -> lower(x), labels) as labels_lower
from analytics.events final
array join tags as tag
prewhere event_date >= today() - 7
where tag != ''
settings max_threads = 8
