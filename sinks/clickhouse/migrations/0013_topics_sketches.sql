-- topics sketches: uniqCombined64(15) states next to the exact ones in lingting.topics, for
-- the trending-terms panel, as migration 0012 did for the mention and author rollups (the
-- reasons and the error are there). topics_hourly and topics_emerging keep reading the
-- exact states.
ALTER TABLE lingting.topics
    ADD COLUMN IF NOT EXISTS mentions_approx AggregateFunction(uniqCombined64(15), String) COMMENT 'Distinct mention ids, estimated (exact to about 2,000, then within about 1%): read with uniqCombined64Merge(15)',
    ADD COLUMN IF NOT EXISTS authors_approx  AggregateFunction(uniqCombined64(15), String) COMMENT 'Distinct author ids, estimated like mentions_approx: read with uniqCombined64Merge(15)';

ALTER TABLE lingting.topics_mv MODIFY QUERY
SELECT
    toStartOfHour(created_at)           AS hour,
    t.1                                 AS term,
    t.2                                 AS source,
    uniqExactState(id)                  AS mentions,
    uniqExactState(author_id)           AS authors,
    uniqCombined64State(15)(id)         AS mentions_approx,
    uniqCombined64State(15)(author_id)  AS authors_approx
FROM lingting.mentions
ARRAY JOIN arrayConcat(arrayMap(h -> (h, 'hashtag'), hashtags), arrayMap(k -> (k, 'keyword'), keywords)) AS t
GROUP BY hour, term, source;

-- Backfill, streaming (one row per mention and term; see 0012): empty exact states merge
-- into the existing ones without changing them.
INSERT INTO lingting.topics (hour, term, source, mentions_approx, authors_approx)
SELECT
    toStartOfHour(created_at),
    t.1,
    t.2,
    initializeAggregation('uniqCombined64State(15)', id),
    initializeAggregation('uniqCombined64State(15)', author_id)
FROM lingting.mentions
ARRAY JOIN arrayConcat(arrayMap(h -> (h, 'hashtag'), hashtags), arrayMap(k -> (k, 'keyword'), keywords)) AS t;
