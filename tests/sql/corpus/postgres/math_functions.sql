-- name: math_functions
select round(amount * 1.2, 2) as gross, abs(delta), ceil(x), floor(y), power(2, n), sqrt(v), mod(a, 7), a % 7 as m, 2 ^ 3 as p
from m.numbers
