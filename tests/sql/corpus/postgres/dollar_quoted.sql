-- name: dollar_quoted
select $$it's a string$$ as s, $tag$with $$ inside$tag$ as t, e'line\nbreak' as esc from ref.dual
