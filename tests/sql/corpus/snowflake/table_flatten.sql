-- name: table_flatten
select t.id, f.value::number as score, try_cast(t.raw_amount as number(38, 2)) as amount
from raw.scores t, table(flatten(input => t.scores)) f
where t.loaded_at > dateadd(day, -7, current_timestamp())
group by all
