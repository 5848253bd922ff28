// Package weibo collects Sina Weibo through the open API and parses its JSON.
//
// Source (an ingest.Source) polls, in rounds every Config.PollInterval, the timelines of
// configured accounts (statuses/user_timeline), the comments of tracked posts
// (comments/show) and, with a commercial grant, keyword search. Each Fetch asks for one
// page: from the newest record down by max_id until since_id, the highest id a finished
// round collected. The whole paging position is the ingest cursor, so the Runner's
// checkpoint-after-ack makes a restart resume at the first unacknowledged page. Requests
// wait for per-token and per-IP hourly budgets; a rate-limit answer (10022/10023/10024)
// pauses the source; an expired or revoked token (21327, 21332 …) stops it with
// ingest.ErrPermanent. Backfill collects a time window once and ends.
//
// Parse turns a status or a comment into event.Mentions. A status that quotes another
// through retweeted_status is a repost: Parse returns the repost and the original it
// quotes. The "//@name:" chain of a repost stays in its text. created_at ("Tue May 31
// 17:46:55 +0800 2011") becomes UTC; idstr is the native id, the numeric id its fallback.
// Thread and parent ids are event ids (event.ID), and a post is the root of its own thread.
package weibo
