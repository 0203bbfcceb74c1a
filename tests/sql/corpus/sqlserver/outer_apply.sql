-- name: outer_apply
select
    s.id,
    try_cast(s.amount as decimal(18, 2)) as amount,
    convert(varchar(10), s.created_at, 120) as created_day,
    isnull(x.note, 'none') as note,
    dateadd(day, -1, getdate()) as yesterday
from staging.sales s
outer apply (select top (1) n.note from staging.notes n where n.sale_id = s.id) x
left join #recent r on r.id = s.id
