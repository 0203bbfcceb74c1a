{{ config(tags=[target.type, target.database, target.schema]) }}
select `user_id`, count(*) as n
from `acme-analytics.raw.clicks`
group by `user_id`
