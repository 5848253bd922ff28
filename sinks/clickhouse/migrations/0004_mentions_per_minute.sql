-- mentions_per_minute: a per-minute rollup by brand × platform × sentiment label, kept up
-- to date by a materialised view on every insert into mentions.
--
-- Brand: a mention matching several brands counts once for each; a mention matching none
-- is counted under brand '' (empty string), which no real brand can be: filter it with
-- brand != '' for share-of-voice.
--
-- Replays insert the same ids again, so the counts are uniqExact states over id and
-- author_id, which do not change when a row arrives twice. avg sentiment is an avgState:
-- exact while each id arrives once, weighted towards replayed rows otherwise (replays
-- within the deduplication window are dropped before they reach the view). A record
-- re-enriched with another label or brand counts under both until the rollup is rebuilt.
--
-- Read it through mentions_per_minute_merged (below), or merge the states yourself:
--   SELECT minute, brand, uniqExactMerge(mentions) FROM lingting.mentions_per_minute
--   WHERE … GROUP BY minute, brand
CREATE TABLE IF NOT EXISTS lingting.mentions_per_minute
(
    minute          DateTime('UTC')                  COMMENT 'Start of the minute of created_at (UTC)',
    brand           LowCardinality(String)           COMMENT 'Matched brand; empty string for mentions with no brand',
    platform        LowCardinality(String)           COMMENT 'weibo | douyin | wecom',
    sentiment_label LowCardinality(String)           COMMENT 'positive | negative | neutral; empty when not enriched',
    mentions        AggregateFunction(uniqExact, String)  COMMENT 'Distinct mention ids: read with uniqExactMerge',
    authors         AggregateFunction(uniqExact, String)  COMMENT 'Distinct author ids: read with uniqExactMerge',
    sentiment_avg   AggregateFunction(avg, Float32)       COMMENT 'Mean sentiment_score: read with avgMerge'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (brand, platform, sentiment_label, minute)
COMMENT 'Per-minute mention rollup (aggregate states); read via mentions_per_minute_merged';

CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.mentions_per_minute_mv
TO lingting.mentions_per_minute
AS SELECT
    toStartOfMinute(created_at)                                   AS minute,
    arrayJoin(if(empty(brands), [''], CAST(brands, 'Array(String)'))) AS brand,
    platform,
    sentiment_label,
    uniqExactState(id)                                            AS mentions,
    uniqExactState(author_id)                                     AS authors,
    avgState(sentiment_score)                                     AS sentiment_avg
FROM lingting.mentions
GROUP BY minute, brand, platform, sentiment_label
COMMENT 'Feeds mentions_per_minute from every insert into mentions';

CREATE VIEW IF NOT EXISTS lingting.mentions_per_minute_merged
AS SELECT
    minute,
    brand,
    platform,
    sentiment_label,
    uniqExactMerge(mentions)  AS mentions,
    uniqExactMerge(authors)   AS authors,
    avgMerge(sentiment_avg)   AS sentiment_avg
FROM lingting.mentions_per_minute
GROUP BY minute, brand, platform, sentiment_label
COMMENT 'Per-minute mention counts by brand, platform and sentiment label, replay-safe';
