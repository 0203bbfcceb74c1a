-- name: cte_referencing_cte
with a as (select id, x from s.t1), b as (select a.id, a.x, t2.y from a join s.t2 on t2.id = a.id), c as (select id, x + y as z from b)
select * from c
