select id,
  from from {{ source('raw', 'orders') }}
