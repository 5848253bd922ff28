-- revoked_messages: WeCom chat messages their sender revoked (撤回). The revoked message
-- keeps its row in mentions (what was said stays on record for compliance); the revoke
-- record (event_type 'revoke') names it in parent_id. Exclude revoked messages with
--   WHERE id NOT IN (SELECT id FROM lingting.revoked_messages)
CREATE VIEW IF NOT EXISTS lingting.revoked_messages
AS SELECT
    parent_id                     AS id,
    min(created_at)               AS revoked_at,
    argMin(record_id, created_at) AS revoke_id
FROM
(
    SELECT parent_id, created_at, id AS record_id
    FROM lingting.mentions
    WHERE platform = 'wecom' AND event_type = 'revoke' AND parent_id != ''
)
GROUP BY parent_id
COMMENT 'WeCom chat messages revoked by their sender: id of the revoked message, when, and the revoke record';
