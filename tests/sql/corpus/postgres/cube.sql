-- name: cube
select channel, device, count(*) from analytics.sessions group by cube (channel, device)
