-- Collections can never exceed what was invoiced in the same month.
select
    invoice_month,
    mrr,
    collected
from {{ ref('mart_mrr_monthly') }}
where collected > mrr
