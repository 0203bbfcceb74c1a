{{ config(materialized='table', tags=['billing']) }}

-- One row per invoice issued since var('reporting_start'), with its account and plan.
with invoices as (

    select * from {{ ref('stg_invoices') }}
    where invoice_date >= '{{ var("reporting_start") }}'

),

subscriptions as (

    select * from {{ ref('stg_subscriptions') }}

),

accounts as (

    select * from {{ ref('stg_accounts') }}

),

final as (

    select
        invoices.invoice_id,
        invoices.subscription_id,
        subscriptions.account_id,
        subscriptions.plan_code,
        subscriptions.seats,
        invoices.invoice_date,
        invoices.invoice_month,
        invoices.invoice_status,
        invoices.amount,
        CASE WHEN invoices.invoice_status = 'paid' THEN invoices.amount ELSE 0 END as paid_amount
    from invoices
    inner join subscriptions
        on invoices.subscription_id = subscriptions.subscription_id
    inner join accounts
        on subscriptions.account_id = accounts.account_id

)

select * from final
