-- name: at_time_zone
select created_at at time zone 'UTC' at time zone 'America/New_York' as local_ts from app.events
