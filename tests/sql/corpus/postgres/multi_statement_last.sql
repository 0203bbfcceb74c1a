-- name: multi_statement_last
select 1 as one;
select id from ref.items where id > 0
