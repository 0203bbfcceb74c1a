-- name: coalesce_window_lag
select id, coalesce(amount - lag(amount) over (partition by account_id order by month), 0) as delta from finance.balances
