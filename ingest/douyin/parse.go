package douyin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/lingting/lingting/event"
)

// user is the Douyin user object (/oauth/userinfo/ fields Lingting reads).
type user struct {
	OpenID   string `json:"open_id"`
	UnionID  string `json:"union_id"`
	Nickname string `json:"nickname"`
	Avatar   string `json:"avatar"`
	// Fans is the follower count of /data/external/user/fans/ (total_fans), which the
	// collector may attach to the author object; zero when absent.
	Fans int64 `json:"total_fans"`
}

// statistics holds a video's interaction counts.
type statistics struct {
	DiggCount     int64 `json:"digg_count"`
	CommentCount  int64 `json:"comment_count"`
	ShareCount    int64 `json:"share_count"`
	ForwardCount  int64 `json:"forward_count"`
	PlayCount     int64 `json:"play_count"`
	DownloadCount int64 `json:"download_count"`
}

// video is an item of the video list.
type video struct {
	ItemID     string     `json:"item_id"`
	Title      *string    `json:"title"`
	CreateTime int64      `json:"create_time"`
	ShareURL   string     `json:"share_url"`
	Statistics statistics `json:"statistics"`
	Author     *user      `json:"author"`
}

// comment is an item of the comment list or the content of a comment webhook event.
type comment struct {
	CommentID         string  `json:"comment_id"`
	CommentUserID     string  `json:"comment_user_id"`
	NickName          string  `json:"nick_name"`
	UnionID           string  `json:"union_id"`
	User              *user   `json:"user"`
	Content           *string `json:"content"`
	CreateTime        int64   `json:"create_time"`
	DiggCount         int64   `json:"digg_count"`
	ReplyCommentTotal int64   `json:"reply_comment_total"`
	Top               bool    `json:"top"`
	ItemID            string  `json:"item_id"`
	Avatar            string  `json:"avatar"`
	ReplyToItemID     string  `json:"reply_to_item_id"`
	ReplyToCommentID  string  `json:"reply_to_comment_id"`
}

// Parse is the ingest.ParseFunc for Douyin. Envelopes of kind post hold a video, of kind
// comment a comment. It returns an error naming the field when the payload is not JSON or
// lacks its id, author open_id, text (title or content) or a positive create_time. It is
// safe for concurrent use.
func Parse(raw event.Raw) ([]event.Mention, error) {
	var (
		m   event.Mention
		err error
	)
	switch raw.Kind {
	case event.Post:
		var v video
		if err := json.Unmarshal(raw.Payload, &v); err != nil {
			return nil, fmt.Errorf("decoding douyin video: %w", err)
		}
		m, err = parseVideo(&v)
	case event.Comment:
		var c comment
		if err := json.Unmarshal(raw.Payload, &c); err != nil {
			return nil, fmt.Errorf("decoding douyin comment: %w", err)
		}
		m, err = parseComment(&c)
	default:
		return nil, fmt.Errorf("parsing douyin record: kind %q is not a video or comment", raw.Kind)
	}
	if err != nil {
		return nil, err
	}
	return []event.Mention{m}, nil
}

func parseVideo(v *video) (event.Mention, error) {
	if v.ItemID == "" {
		return event.Mention{}, errors.New("parsing douyin video: item_id is missing")
	}
	at, err := unixTime(v.CreateTime, "video")
	if err != nil {
		return event.Mention{}, err
	}
	if v.Title == nil {
		return event.Mention{}, fmt.Errorf("parsing douyin video %s: title is missing", v.ItemID)
	}
	if v.Author == nil || v.Author.OpenID == "" {
		return event.Mention{}, fmt.Errorf("parsing douyin video %s: author.open_id is missing", v.ItemID)
	}
	id := event.ID(event.Douyin, v.ItemID)
	u := v.ShareURL
	if u == "" {
		u = "https://www.douyin.com/video/" + url.PathEscape(v.ItemID)
	}
	return event.Mention{
		ID: id, Platform: event.Douyin, Kind: event.Post, NativeID: v.ItemID,
		CreatedAt: at, Text: *v.Title, Author: account(v.Author.OpenID, v.Author.UnionID, v.Author.Nickname, v.Author.Avatar, v.Author.Fans),
		ThreadID: id, URL: u,
		Engage: event.Engagement{
			Likes: v.Statistics.DiggCount, Comments: v.Statistics.CommentCount,
			Reposts: v.Statistics.ShareCount + v.Statistics.ForwardCount,
		},
	}, nil
}

func parseComment(c *comment) (event.Mention, error) {
	if c.CommentID == "" {
		return event.Mention{}, errors.New("parsing douyin comment: comment_id is missing")
	}
	at, err := unixTime(c.CreateTime, "comment")
	if err != nil {
		return event.Mention{}, err
	}
	if c.Content == nil {
		return event.Mention{}, fmt.Errorf("parsing douyin comment %s: content is missing", c.CommentID)
	}
	openID, unionID, nick, avatar := c.CommentUserID, c.UnionID, c.NickName, c.Avatar
	if c.User != nil {
		openID, unionID, nick = first(c.User.OpenID, openID), first(c.User.UnionID, unionID), first(c.User.Nickname, nick)
		avatar = first(c.User.Avatar, avatar)
	}
	if openID == "" {
		return event.Mention{}, fmt.Errorf("parsing douyin comment %s: comment_user_id (or user.open_id) is missing", c.CommentID)
	}
	m := event.Mention{
		ID: event.ID(event.Douyin, c.CommentID), Platform: event.Douyin, Kind: event.Comment,
		NativeID: c.CommentID, CreatedAt: at, Text: *c.Content, Author: account(openID, unionID, nick, avatar, 0),
		Engage: event.Engagement{Likes: c.DiggCount, Comments: c.ReplyCommentTotal},
	}
	if item := first(c.ItemID, c.ReplyToItemID); item != "" {
		m.ThreadID = event.ID(event.Douyin, item)
		m.ParentID = m.ThreadID
		m.URL = "https://www.douyin.com/video/" + url.PathEscape(item)
	}
	if c.ReplyToCommentID != "" && c.ReplyToCommentID != "0" {
		m.ParentID = event.ID(event.Douyin, c.ReplyToCommentID)
	}
	return m, nil
}

// unixTime reads create_time: seconds, or milliseconds when it is too large for seconds.
func unixTime(v int64, field string) (time.Time, error) {
	switch {
	case v <= 0:
		return time.Time{}, fmt.Errorf("parsing douyin %s: create_time is missing or not positive", field)
	case v < 1e11:
		return time.Unix(v, 0).UTC(), nil
	case v < 1e14:
		return time.UnixMilli(v).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("parsing douyin %s: create_time %d is out of range", field, v)
}

func account(openID, unionID, nick, avatar string, fans int64) event.Account {
	return event.Account{
		ID: event.ID(event.Douyin, openID), Platform: event.Douyin, NativeID: openID,
		Nickname: nick, Followers: fans, UnionID: unionID, AvatarURL: avatar,
	}
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
