select * from {{ ref('a-b') }} join {{ ref('a_b') }} using (id) join {{ source('raw', 'we"ird\\name <x> #1') }} using (id)
