-- aspects_per_hour: a per-hour rollup of aspect sentiment by brand × platform × aspect ×
-- label, kept up to date by a materialised view on every insert into mentions, for the
-- "Topics and aspects" dashboard without scanning raw mentions.
--
-- One mention counts once for each (brand, aspect) it has, under the aspect's own label
-- (aspects[i] with aspect_labels[i]); brand '' holds mentions that matched no brand.
-- Counts are uniqExact states over mention ids, so replays do not inflate them.
CREATE TABLE IF NOT EXISTS lingting.aspects_per_hour
(
    hour     DateTime('UTC')                      COMMENT 'Start of the hour of created_at (UTC)',
    brand    LowCardinality(String)               COMMENT 'Matched brand; empty string for mentions with no brand',
    platform LowCardinality(String)               COMMENT 'weibo | douyin | wecom',
    aspect   LowCardinality(String)               COMMENT 'Aspect name from the taxonomy (price, quality, delivery, …)',
    label    LowCardinality(String)               COMMENT 'positive | negative | neutral: the aspect''s own polarity in the mention',
    mentions AggregateFunction(uniqExact, String) COMMENT 'Distinct mention ids: read with uniqExactMerge'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (brand, platform, aspect, label, hour)
COMMENT 'Per-hour aspect sentiment rollup (aggregate states) for the topics and aspects dashboard';

CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.aspects_per_hour_mv
TO lingting.aspects_per_hour
AS SELECT
    toStartOfHour(created_at)                                         AS hour,
    arrayJoin(if(empty(brands), [''], CAST(brands, 'Array(String)'))) AS brand,
    platform,
    CAST(a.1, 'String')                                               AS aspect,
    CAST(a.2, 'String')                                               AS label,
    uniqExactState(id)                                                AS mentions
FROM lingting.mentions
ARRAY JOIN arrayZip(aspects, aspect_labels) AS a
GROUP BY hour, brand, platform, aspect, label
COMMENT 'Feeds aspects_per_hour from every insert into mentions';
