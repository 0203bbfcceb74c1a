-- name: array_literal
select array[1, 2, 3] as nums, array['a', 'b'] || array['c'] as letters, (array[10, 20, 30])[2:3] as slice
