-- name: date_functions
select date_part('dow', created_at) as dow, to_char(created_at, 'YYYY-MM') as ym, now()::date - created_at::date as days_ago,
       current_timestamp, current_date, localtimestamp
from app.users
