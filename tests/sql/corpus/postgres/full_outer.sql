-- name: full_outer
select coalesce(a.day, b.day) as day, a.signups, b.activations
from metrics.daily_signups a full outer join metrics.daily_activations b on a.day = b.day
