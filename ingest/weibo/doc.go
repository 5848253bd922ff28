// Package weibo reads Sina Weibo open-API JSON: Parse turns a status (statuses/show,
// statuses/user_timeline …) or a comment (comments/show …) into event.Mentions.
//
// A status that quotes another through retweeted_status is a repost: Parse returns the
// repost and the original it quotes. The "//@name:" chain of a repost stays in its text.
// created_at ("Tue May 31 17:46:55 +0800 2011") becomes UTC; idstr is the native id, the
// numeric id its fallback. Thread and parent ids are event ids (event.ID), and a post is
// the root of its own thread.
//
// The collector for this platform comes later; this package holds the parser only.
package weibo
