-- accounts: authors as seen in mentions. Each row is written from one batch of mentions
-- (the newest values of that batch, stamped with the batch's newest created_at as
-- last_seen); ReplacingMergeTree keeps the row with the newest last_seen, so after FINAL
-- an account shows the nickname, followers and verified flag of its latest mention.
-- first_seen is the earliest sighting within the batch that wrote the kept row: for the
-- exact first sighting use min(created_at) FROM lingting.mentions WHERE author_id = ….
CREATE TABLE IF NOT EXISTS lingting.accounts
(
    id         String                  COMMENT 'Deterministic id: platform:native_id',
    platform   LowCardinality(String)  COMMENT 'weibo | douyin | wecom',
    native_id  String                  COMMENT 'The platform''s own user id',
    nickname   String                  COMMENT 'Latest nickname seen',
    followers  UInt64                  COMMENT 'Latest follower count seen',
    verified   Bool                    COMMENT 'Latest verified flag seen',
    union_id   String                  COMMENT 'Cross-app user id (WeCom unionid, Douyin union_id); empty when unknown',
    first_seen DateTime64(3, 'UTC')    COMMENT 'Earliest mention created_at in the batch that wrote this row',
    last_seen  DateTime64(3, 'UTC')    COMMENT 'Latest mention created_at seen; version column: the newest wins',
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY id
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Authors on each platform with their latest profile values; one row per id after FINAL';
