-- alerts: every version of every alert the alert stage raised (fired, escalated,
-- resolved), with its evidence. ReplacingMergeTree keeps the newest version of each id,
-- so read with FINAL for the current state: firing alerts are
--   SELECT * FROM lingting.alerts FINAL WHERE status = 'firing'
-- Times are event time (when the mentions were written), except updated_at.
CREATE TABLE IF NOT EXISTS lingting.alerts
(
    id            String                       COMMENT 'Alert id: hash of dedup_key and starts_at; the same across versions',
    version       UInt64                       COMMENT '1 when fired, +1 per change (escalation, resolution); the newest wins',
    dedup_key     String                       COMMENT 'rule|brand|channel|subject: at most one firing alert per key',
    group_key     String                       COMMENT 'Notifications of one group travel together (the brand)',
    rule          LowCardinality(String)       COMMENT 'negative_volume | negative_share | high_reach | pile_on | compliance',
    brand         LowCardinality(String)       COMMENT 'Brand the alert is about; empty for compliance matches without a brand',
    channel       LowCardinality(String)       COMMENT 'weibo | douyin | wecom; empty for all channels of the brand',
    subject       String                       COMMENT 'Thread id (pile_on), mention id (high_reach), room#category (compliance); empty for spikes',
    severity      LowCardinality(String)       COMMENT 'warning | critical',
    status        LowCardinality(String)       COMMENT 'firing | resolved',
    starts_at     DateTime64(3, 'UTC')         COMMENT 'Event time the condition began',
    ends_at       DateTime64(3, 'UTC')         COMMENT 'Event time it ended; 1970-01-01 while firing',
    updated_at    DateTime64(3, 'UTC')         COMMENT 'Wall-clock time of this version',
    summary       String                       COMMENT 'One line for humans',
    numbers       Map(String, Float64)         COMMENT 'The values that triggered it: negative, baseline_median, baseline_mad, z, share, …',
    mention_ids   Array(String)                COMMENT 'Evidence: ids of the top negative mentions (join mentions.id)',
    mention_urls  Array(String)                COMMENT 'Evidence: links to the top negative mentions',
    top_terms     Array(String)                COMMENT 'Evidence: most frequent terms of the negative mentions',
    channel_split Map(String, UInt64)          COMMENT 'Evidence: negative mentions per platform',
    evidence      String                       COMMENT 'Evidence as JSON: mentions (text, author, followers, score, link), terms, hashtags, channels',
    trigger_id    String                       COMMENT 'Id of the mention that fired the alert',
    inserted_at   DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(starts_at)
ORDER BY id
COMMENT 'Alerts with their evidence; one row per id (the newest version) after FINAL';
