-- name: union_in_subquery
select x.id from (select id from a.t1 union select id from a.t2) x join a.t3 on t3.id = x.id
