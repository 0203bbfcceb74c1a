-- both tables may have user_id: no guess
select user_id from events_db.web.clicks c join events_db.web.views v on c.session_id = v.session_id
