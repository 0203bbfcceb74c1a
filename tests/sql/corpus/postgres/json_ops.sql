-- name: json_ops
select id, payload->>'event' as event_name, (payload->'properties'->>'amount')::numeric as amount,
       payload #>> '{context,ip}' as ip, payload ? 'user_id' as has_user
from raw.webhook_events where payload @> '{"type": "purchase"}'::jsonb
