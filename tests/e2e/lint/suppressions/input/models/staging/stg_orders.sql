-- dpipe:ignore-file GR008
select id from {{ ref('fct_orders') }} -- dpipe:ignore GR010 reads the mart on purpose
