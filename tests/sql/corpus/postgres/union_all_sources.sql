-- name: union_all_sources
select 'web' as channel, id, created_at from web.signups
union all
select 'mobile' as channel, id, created_at from mobile.signups
union all
select 'partner', partner_user_id, signup_ts from partners.referrals
