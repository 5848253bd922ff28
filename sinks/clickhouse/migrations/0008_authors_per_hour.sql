-- authors_per_hour: a per-hour rollup by brand × platform × author, kept up to date by a
-- materialised view on every insert into mentions, for the "Authors and influencers"
-- dashboard (top authors by reach and by negative impact, verified accounts) without
-- scanning raw mentions.
--
-- Brand: as in mentions_per_minute, a mention counts once for each brand it matched and
-- under brand '' when it matched none. Counts are uniqExact states over mention ids, so
-- replays do not inflate them. followers is the highest count seen (an author's reach
-- rarely falls), nickname any one seen, verified whether any mention saw the flag: plain
-- values (SimpleAggregateFunction), so reading a million authors merges no heavy states.
-- Queries select whole hours: a time range that does not start and end on the hour
-- includes the mentions of its edge hours.
CREATE TABLE IF NOT EXISTS lingting.authors_per_hour
(
    hour          DateTime('UTC')                                           COMMENT 'Start of the hour of created_at (UTC)',
    brand         LowCardinality(String)                                    COMMENT 'Matched brand; empty string for mentions with no brand',
    platform      LowCardinality(String)                                    COMMENT 'weibo | douyin | wecom',
    author_id     String                                                    COMMENT 'accounts.id of the author',
    nickname      SimpleAggregateFunction(anyLast, String)                  COMMENT 'A nickname of the author seen in the hour: read with any',
    followers     SimpleAggregateFunction(max, UInt64)                      COMMENT 'Highest follower count seen in the hour: read with max',
    verified      SimpleAggregateFunction(max, UInt8)                       COMMENT '1 when any mention of the hour saw the author verified',
    mentions      AggregateFunction(uniqExact, String)                      COMMENT 'Distinct mention ids: read with uniqExactMerge',
    negative      AggregateFunction(uniqExact, String)                      COMMENT 'Distinct mention ids labelled negative: read with uniqExactMerge',
    sentiment_avg AggregateFunction(avg, Float32)                           COMMENT 'Mean sentiment_score of enriched mentions: read with avgMerge'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, platform, hour, author_id)
COMMENT 'Per-hour author rollup (aggregate states) for the authors dashboard';

CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.authors_per_hour_mv
TO lingting.authors_per_hour
AS SELECT
    toStartOfHour(created_at)                                         AS hour,
    arrayJoin(if(empty(brands), [''], CAST(brands, 'Array(String)'))) AS brand,
    platform,
    author_id,
    anyLast(author_nickname)                                          AS nickname,
    max(author_followers)                                             AS followers,
    max(toUInt8(author_verified))                                     AS verified,
    uniqExactState(id)                                                AS mentions,
    uniqExactStateIf(id, sentiment_label = 'negative')                AS negative,
    avgStateIf(sentiment_score, sentiment_label != '')                AS sentiment_avg
FROM lingting.mentions
WHERE author_id != ''
GROUP BY hour, brand, platform, author_id
COMMENT 'Feeds authors_per_hour from every insert into mentions';
