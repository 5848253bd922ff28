-- A min-max index on created_at lets panels and queries that read raw mentions for a time
-- range skip the granules outside it, not only the months outside it. mentions is sorted
-- by (platform, id), and the platforms' ids grow with time (Weibo mids, Douyin aweme and
-- comment ids are time-ordered numbers of one length, so their text sorts like the
-- number), so a granule covers a short span of time; where ids are not time-ordered
-- (WeCom message ids) the index prunes nothing and costs two values per granule.
-- MATERIALIZE builds it for the parts already stored (a background mutation).
ALTER TABLE lingting.mentions ADD INDEX IF NOT EXISTS created_at_minmax created_at TYPE minmax GRANULARITY 1;

ALTER TABLE lingting.mentions MATERIALIZE INDEX created_at_minmax;
