select id, name, age, team_id from {{ ref('people') }}
