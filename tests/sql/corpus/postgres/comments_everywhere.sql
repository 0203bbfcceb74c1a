-- name: comments_everywhere
select /* the id */ id, -- trailing comment
       /* nested /* comment */ still */ name
from ref.items -- done
