-- enrichment: the fields the enrich stage adds beyond the Foundation's (issue 3):
-- sentiment explanation, per-aspect sentiment, keywords, near-duplicate hashes, a spam
-- signal and the keyed hashes of redacted personal data. Parallel arrays hold one list of
-- records (aspects[i] has aspect_labels[i]; pii_kinds[i] has pii_hashes[i]). Only String
-- arrays, which every reader (the Parquet export too) handles: the weights of the
-- sentiment terms and the aspects' scores stay in the bus records and `lingting enrich`.
ALTER TABLE lingting.mentions
    ADD COLUMN IF NOT EXISTS sentiment_terms        Array(String)                 COMMENT 'Why the sentiment score: rules that fired (contrast:…, sarcasm:…) then the strongest words, [表情] and emoji',
    ADD COLUMN IF NOT EXISTS aspects                Array(LowCardinality(String)) COMMENT 'Aspects talked about (price, quality, delivery, …) in taxonomy order',
    ADD COLUMN IF NOT EXISTS aspect_labels          Array(LowCardinality(String)) COMMENT 'positive | negative | neutral of each aspect',
    ADD COLUMN IF NOT EXISTS keywords               Array(String)                 COMMENT 'TF-IDF keywords of the text, strongest first',
    ADD COLUMN IF NOT EXISTS simhash                UInt64                        COMMENT '64-bit SimHash over tokens; near-duplicates: bitCount(bitXor(a.simhash, b.simhash)) <= 3; 0 when nothing to hash',
    ADD COLUMN IF NOT EXISTS cluster_id             String                        COMMENT 'Shared by mentions with the same text once handles, links, digits, punctuation and emoji are stripped; empty when nothing is left',
    ADD COLUMN IF NOT EXISTS spam                   Float32                       COMMENT 'Spam/bot signal in [0, 1] from the text alone',
    ADD COLUMN IF NOT EXISTS pii_kinds              Array(LowCardinality(String)) COMMENT 'Kinds of personal data redacted from text (phone, email, id_card, bank_card, wechat)',
    ADD COLUMN IF NOT EXISTS pii_hashes             Array(String)                 COMMENT 'HMAC-SHA256 (hex) of each redacted piece, keyed by the enrich PII key; never the data';

-- topics: how often each term (hashtag or keyword) occurs per hour, fed by a materialised
-- view on every insert into mentions. Counts are uniqExact states over mention id, so
-- replays do not inflate them. Emerging terms are read through topics_emerging (below).
CREATE TABLE IF NOT EXISTS lingting.topics
(
    hour     DateTime('UTC')                      COMMENT 'Start of the hour of created_at (UTC)',
    term     String                               COMMENT 'Hashtag (without #) or TF-IDF keyword',
    source   LowCardinality(String)               COMMENT 'hashtag | keyword',
    mentions AggregateFunction(uniqExact, String) COMMENT 'Distinct mention ids: read with uniqExactMerge',
    authors  AggregateFunction(uniqExact, String) COMMENT 'Distinct author ids: read with uniqExactMerge'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (term, source, hour)
COMMENT 'Hourly term counts (hashtags and keywords); read via topics_hourly or topics_emerging';

CREATE MATERIALIZED VIEW IF NOT EXISTS lingting.topics_mv
TO lingting.topics
AS SELECT
    toStartOfHour(created_at)   AS hour,
    t.1                         AS term,
    t.2                         AS source,
    uniqExactState(id)          AS mentions,
    uniqExactState(author_id)   AS authors
FROM lingting.mentions
ARRAY JOIN arrayConcat(arrayMap(h -> (h, 'hashtag'), hashtags), arrayMap(k -> (k, 'keyword'), keywords)) AS t
GROUP BY hour, term, source
COMMENT 'Feeds topics from every insert into mentions';

CREATE VIEW IF NOT EXISTS lingting.topics_hourly
AS SELECT hour, term, source, uniqExactMerge(mentions) AS mentions, uniqExactMerge(authors) AS authors
FROM lingting.topics
GROUP BY hour, term, source
COMMENT 'Hourly mention and author counts per term, replay-safe';

-- topics_emerging: terms whose count in the last 6 hours of data stands out against their
-- own hourly baseline over the 7 days before. score = (recent per hour) / (baseline per
-- hour + floor), with a floor of 1 mention per hour so that a brand-new term seen twice
-- does not explode; only terms with at least 5 recent mentions are listed. "Now" is the
-- newest hour in topics, so replayed history reads the same as live data.
CREATE VIEW IF NOT EXISTS lingting.topics_emerging
AS WITH
    (SELECT max(hour) FROM lingting.topics) AS latest,
    6 AS recent_hours,
    168 AS baseline_hours,
    1.0 AS floor
SELECT
    term,
    source,
    sumIf(mentions, hour > latest - toIntervalHour(recent_hours)) AS recent,
    sumIf(mentions, hour <= latest - toIntervalHour(recent_hours)) AS baseline,
    (recent / recent_hours) / (baseline / baseline_hours + floor) AS score
FROM lingting.topics_hourly
WHERE hour > latest - toIntervalHour(recent_hours + baseline_hours)
GROUP BY term, source
HAVING recent >= 5
ORDER BY score DESC
COMMENT 'Emerging terms: recent hourly rate against their own baseline rate plus a floor';
