-- mentions: one row per normalised, enriched record (post, comment, repost, chat
-- message, customer event). Replays insert the same id again; ReplacingMergeTree keeps
-- the row with the newest enriched_at (the last inserted on a tie), so read with FINAL
-- (or argMax by enriched_at) for exact answers.
--
-- ORDER BY (platform, id): id already starts with the platform ("weibo:123"), so the key
-- identifies a record exactly like id alone would, and `WHERE platform = …` can use the
-- primary index. created_at is not in the key on purpose: deduplication must not depend
-- on a parser's timestamp. Partitions are months of created_at, which prunes time ranges;
-- a record's created_at never changes, so its duplicates share a partition.
CREATE TABLE IF NOT EXISTS lingting.mentions
(
    id               String                         COMMENT 'Deterministic id: platform:native_id',
    platform         LowCardinality(String)         COMMENT 'weibo | douyin | wecom',
    kind             LowCardinality(String)         COMMENT 'post | comment | repost | chat | customer_event',
    native_id        String                         COMMENT 'The platform''s own id of the record',
    created_at       DateTime64(3, 'UTC')           COMMENT 'When the author wrote it (UTC, ms)',
    text             String                         COMMENT 'Text after normalisation and PII redaction',
    lang             LowCardinality(String)         COMMENT 'zh | zh-Hant | other; empty when not enriched',
    author_id        String                         COMMENT 'accounts.id of the author: platform:native_id',
    author_nickname  String                         COMMENT 'Author nickname at fetch time',
    author_followers UInt64                         COMMENT 'Author follower count at fetch time',
    author_verified  Bool                           COMMENT 'Author is verified on the platform',
    person_id        String                         COMMENT 'Cross-channel person from identity resolution; empty when unresolved',
    thread_id        String                         COMMENT 'Root post / video / chat room id; empty for roots',
    parent_id        String                         COMMENT 'Record replied to or reposted; empty when none',
    url              String                         COMMENT 'Link to the record on its platform; may be empty',
    likes            UInt64                         COMMENT 'Likes at fetch time',
    comments         UInt64                         COMMENT 'Comments at fetch time',
    reposts          UInt64                         COMMENT 'Reposts / shares at fetch time',
    event_type       LowCardinality(String)         COMMENT 'Customer event name (e.g. add_external_contact); empty for content',
    sentiment_score  Float32                        COMMENT 'Polarity in [-1, 1], > 0 positive',
    sentiment_label  LowCardinality(String)         COMMENT 'positive | negative | neutral; empty when not enriched',
    brands           Array(LowCardinality(String))  COMMENT 'Brands matched by the configured brand queries',
    hashtags         Array(String)                  COMMENT '#话题# hashtags, without the # marks',
    mentions         Array(String)                  COMMENT '@handles mentioned, without @',
    urls             Array(String)                  COMMENT 'URLs found in the text',
    emoticons        Array(String)                  COMMENT 'Weibo-style [表情] names, without brackets',
    emoji            Array(String)                  COMMENT 'Unicode emoji found in the text',
    tokens           Array(String)                  COMMENT 'gse segmentation of the text (stop words kept)',
    enriched_at      DateTime64(3, 'UTC')           COMMENT 'When enrichment finished; 1970-01-01 when not enriched. Version column: the newest wins',
    inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse',

    CONSTRAINT sentiment_score_range CHECK sentiment_score BETWEEN -1 AND 1,
    CONSTRAINT sentiment_label_known CHECK sentiment_label IN ('', 'positive', 'negative', 'neutral'),

    INDEX brands_bf brands TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree(enriched_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (platform, id)
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Normalised, enriched mentions; one row per id after FINAL';
