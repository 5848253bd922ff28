-- hashtags_per_hour: a per-hour rollup by brand × platform × hashtag for the brand
-- overview's "Top hashtags", which otherwise reads raw mentions (the topics rollup has no
-- brand). Kept up to date by a materialised view on every insert into mentions.
--
-- Brand: as in mentions_per_minute, a mention counts once for each brand it matched and
-- under brand '' when it matched none; a hashtag used twice in one mention counts once.
-- Counts are uniqCombined64(15) sketches of mention ids (migration 0012: exact up to
-- 1,024, within about 1% above), so replays do not inflate them. Queries select whole
-- hours.
CREATE TABLE IF NOT EXISTS lingting.hashtags_per_hour
(
    hour      DateTime('UTC')                                COMMENT 'Start of the hour of created_at (UTC)',
    brand     LowCardinality(String)                         COMMENT 'Matched brand; empty string for mentions with no brand',
    platform  LowCardinality(String)                         COMMENT 'weibo | douyin | wecom',
    hashtag   String                                         COMMENT 'Hashtag as stored in mentions.hashtags (without #)',
    mentions  AggregateFunction(uniqCombined64(15), String)  COMMENT 'Distinct mention ids, estimated (exact to 1,024): read with uniqCombined64Merge(15)'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, platform, hour, hashtag)
COMMENT 'Per-hour hashtag counts by brand and platform (sketches) for the brand overview';

CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.hashtags_per_hour_mv
TO lingting.hashtags_per_hour
AS SELECT
    toStartOfHour(created_at)                                         AS hour,
    arrayJoin(if(empty(brands), [''], CAST(brands, 'Array(String)'))) AS brand,
    platform,
    hashtag,
    uniqCombined64State(15)(id)                                       AS mentions
FROM lingting.mentions
ARRAY JOIN arrayDistinct(hashtags) AS hashtag
GROUP BY hour, brand, platform, hashtag
COMMENT 'Feeds hashtags_per_hour from every insert into mentions';

-- Backfill the mentions stored before this migration, streaming (one row per mention,
-- brand and hashtag, no GROUP BY; see 0012).
INSERT INTO lingting.hashtags_per_hour (hour, brand, platform, hashtag, mentions)
SELECT
    toStartOfHour(created_at),
    arrayJoin(if(empty(brands), [''], CAST(brands, 'Array(String)'))),
    platform,
    hashtag,
    initializeAggregation('uniqCombined64State(15)', id)
FROM lingting.mentions
ARRAY JOIN arrayDistinct(hashtags) AS hashtag;
