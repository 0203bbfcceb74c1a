{{ config(materialized='incremental', unique_key='id') }}
{% macro cents(c) %}({{ c }} / 100.0){% endmacro %}
{% set cols = ['id', 'amount'] %}
select {% for c in cols %}{{ cents(c) if c == 'amount' else c }}{{ ',' if not loop.last }}{% endfor %},
  {{ dbt_utils.generate_surrogate_key(['id']) }} as sk
from {{ ref('stg_orders') }} join {{ source('raw', 'payments') }} using (id)
{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}
{{ var('a') }} {{ var('zz', 'd') }} {{ adapter.quote('x') }} {{ fromjson('[1, {"a": 2}]') }}
{% do return(1) %}
