-- name: window_frame_exclude
select id, sum(x) over (order by id rows between 1 preceding and 1 following exclude current row) from m.series
