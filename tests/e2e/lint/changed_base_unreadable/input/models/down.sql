select u.id from {{ ref('up') }} as u, {{ ref('gone') }} as g
