-- name: boolean_logic
select id from app.flags where (enabled and not archived) or (beta is true and rollout_pct >= 50)
