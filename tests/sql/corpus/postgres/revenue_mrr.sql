-- name: revenue_mrr
select date_trunc('month', s.started_at)::date as month,
       sum(case when p.interval = 'year' then p.amount / 12.0 else p.amount end) as mrr
from billing.subscriptions s join billing.plans p on p.id = s.plan_id
where s.canceled_at is null or s.canceled_at > date_trunc('month', s.started_at)
group by 1
