-- name: values_join
select s.id, m.label
from billing.subscriptions s
join (values (1, 'monthly'), (12, 'annual')) as m(months, label) on m.months = s.period_months
