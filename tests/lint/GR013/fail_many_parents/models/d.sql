select a.id from {{ ref('a') }} a join {{ ref('b') }} b on true join {{ ref('c') }} c on true
