-- name: conditional_agg_ratio
select campaign_id, sum(clicks)::float / nullif(sum(impressions), 0) as ctr from ads.daily_stats group by campaign_id
