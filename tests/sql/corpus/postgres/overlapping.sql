-- name: overlapping
select a.id, b.id from sched.slots a join sched.slots b on (a.starts_at, a.ends_at) overlaps (b.starts_at, b.ends_at) and a.id < b.id
