-- name: bit_and_bool
select team_id, bool_and(active) as all_active, bool_or(admin) as any_admin, bit_or(flags) as flags from app.members group by team_id
