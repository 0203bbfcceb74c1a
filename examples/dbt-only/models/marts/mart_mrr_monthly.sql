-- Monthly recurring revenue: billed and collected per month, paying accounts and revenue per account.
with invoices as (

    select * from {{ ref('fct_invoices') }}
    where invoice_status <> 'void'

),

monthly as (

    select
        invoice_month,
        COUNT(DISTINCT account_id) as billed_accounts,
        SUM(seats) as billed_seats,
        ROUND(SUM(amount), 2) as mrr,
        ROUND(SUM(paid_amount), 2) as collected
    from invoices
    group by invoice_month

),

final as (

    select
        invoice_month,
        billed_accounts,
        billed_seats,
        mrr,
        collected,
        ROUND({{ safe_divide('mrr', 'billed_accounts') }}, 2) as arpa,
        ROUND(mrr - LAG(mrr) OVER (ORDER BY invoice_month), 2) as mrr_change,
        ROUND(SUM(mrr) OVER (
            ORDER BY invoice_month
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ), 2) as cumulative_revenue
    from monthly

)

select * from final
