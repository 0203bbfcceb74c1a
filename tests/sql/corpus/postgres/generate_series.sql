-- name: generate_series
select d::date as day from generate_series('2024-01-01'::date, '2024-12-31'::date, interval '1 day') as d
