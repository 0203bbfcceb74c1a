-- name: regex_match
select id, substring(url from '://([^/]+)') as host, url ~* 'utm_' as tracked from web.pageviews
