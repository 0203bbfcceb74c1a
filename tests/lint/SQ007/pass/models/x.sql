select id from {{ source('raw', 'orders') }} where amount >= 0
