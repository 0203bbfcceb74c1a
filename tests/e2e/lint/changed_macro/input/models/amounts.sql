select {{ to_dollars('cents') }} as amount from {{ ref('payments') }}
