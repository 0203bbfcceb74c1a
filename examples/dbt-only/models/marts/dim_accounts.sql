-- One row per customer account with its current (latest) subscription and plan.
with accounts as (

    select * from {{ ref('stg_accounts') }}

),

subscriptions as (

    select * from {{ ref('stg_subscriptions') }}

),

plans as (

    select * from {{ ref('plans') }}

),

latest_subscription as (

    select
        subscriptions.*,
        ROW_NUMBER() OVER (
            PARTITION BY account_id
            ORDER BY started_on DESC, subscription_id DESC
        ) as recency
    from subscriptions

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        accounts.created_on,
        latest_subscription.subscription_id as current_subscription_id,
        latest_subscription.plan_code,
        plans.plan_name,
        plans.motion as sales_motion,
        latest_subscription.seats,
        latest_subscription.subscription_status,
        CASE WHEN latest_subscription.subscription_status = 'active' THEN 1 ELSE 0 END as is_active
    from accounts
    left join latest_subscription
        on accounts.account_id = latest_subscription.account_id
        and latest_subscription.recency = 1
    left join plans
        on latest_subscription.plan_code = plans.plan_code

)

select * from final
