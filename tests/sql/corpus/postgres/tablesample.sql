-- name: tablesample
select * from big.events tablesample bernoulli (1) where ts > now() - interval '1 day'
