select id, name, status from {{ ref('people') }}
