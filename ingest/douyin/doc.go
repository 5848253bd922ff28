// Package douyin reads Douyin (抖音) open-platform JSON: Parse turns a video (an item of
// /video/list/ or /video/data/, with the author's /oauth/userinfo/ object the collector
// attaches as "author", optionally with the total_fans of /data/external/user/fans/) or a comment (an item of /item/comment/list/ with the video's
// item_id the collector attaches, or the comment webhook's content with reply_to_item_id
// and reply_to_comment_id) into event.Mentions.
//
// create_time is unix seconds (milliseconds are accepted too) and becomes UTC. The
// author's open_id is the account's native id; union_id, when present, is kept as the
// account's UnionID. Thread and parent ids are event ids; a video is its own thread.
//
// Collectors: Webhook (an http.Handler) verifies X-Douyin-Signature and appends each
// delivery to an fsynced Spool before answering 200; SpoolSource drains the spool
// through the ingest.Runner. Poller polls authorised accounts' videos and their
// comments with token refresh. See docs/collectors.md.
package douyin
