-- dead_letters: whatever a stage could not parse or process, with the reason. The id is
-- deterministic (stage, source and the record's key or offset, or a hash of the payload),
-- so a replayed dead letter replaces its earlier copy instead of adding one.
CREATE TABLE IF NOT EXISTS lingting.dead_letters
(
    id          String                  COMMENT 'Deterministic id of the dead letter',
    stage       LowCardinality(String)  COMMENT 'Stage that gave up: collect | enrich | sink | …',
    source      String                  COMMENT 'Topic, file or collector the payload came from',
    reason      String                  COMMENT 'Why the record could not be processed',
    payload     String                  COMMENT 'The original bytes, unmodified (may hold personal data: restrict access)',
    at          DateTime64(3, 'UTC')    COMMENT 'When the stage gave up',
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row reached ClickHouse'
)
ENGINE = ReplacingMergeTree(at)
ORDER BY id
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Records that could not be processed, with the reason; one row per id after FINAL';
