-- Run before every migration pass, never recorded: the database and the ledger of
-- applied migrations. Must stay idempotent.
CREATE DATABASE IF NOT EXISTS lingting
    COMMENT 'Lingting social-listening store: mentions, accounts, dead letters, rollups';

CREATE TABLE IF NOT EXISTS lingting.schema_migrations
(
    version    UInt32                  COMMENT 'Number of the migration file (0001_… → 1)',
    name       String                  COMMENT 'File name without number and .sql',
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the migration finished'
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version
COMMENT 'Schema migrations applied to this database, one row per migration file';
