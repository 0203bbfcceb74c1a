-- name: interval_math
select id, ends_at - starts_at as duration, starts_at + interval '1 hour' as reminder, age(now(), birth_date) as age
from app.bookings
