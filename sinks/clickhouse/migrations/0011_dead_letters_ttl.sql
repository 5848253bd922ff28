-- Dead letters keep the original payload, which may hold personal data the enrich stage
-- never saw (a record that failed before redaction). They are kept 30 days after they were
-- stored: long enough to diagnose and replay, not longer. Change the interval here to keep
-- them longer.
ALTER TABLE lingting.dead_letters MODIFY TTL toDateTime(inserted_at) + INTERVAL 30 DAY;
