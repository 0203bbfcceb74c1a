select
    {{ dbt.date_trunc('month', 'ordered_at') }} as order_month,
    {{ dbt.datediff('ordered_at', 'shipped_at', 'day') }} as days_to_ship,
    {{ dbt.safe_cast('amount', dbt.type_numeric()) }} as amount,
    {{ dbt_utils.generate_surrogate_key(['order_id']) }} as order_key
from {{ ref('stg_orders') }}
