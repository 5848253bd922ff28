package weibo

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/lingting/lingting/event"
)

// CreatedAtLayout is the time layout of Weibo's created_at fields.
const CreatedAtLayout = "Mon Jan 02 15:04:05 -0700 2006"

// user is the Weibo user object (the fields Lingting reads).
type user struct {
	ID             flexID `json:"id"`
	IDStr          flexID `json:"idstr"`
	ScreenName     string `json:"screen_name"`
	Name           string `json:"name"`
	FollowersCount int64  `json:"followers_count"`
	Verified       bool   `json:"verified"`
	VerifiedType   *int   `json:"verified_type"`
	AvatarLarge    string `json:"avatar_large"`
	ProfileImage   string `json:"profile_image_url"`
	Location       string `json:"location"`
	Gender         string `json:"gender"` // m, f, n (unknown)
}

// status is the Weibo status (微博) object.
type status struct {
	CreatedAt      string  `json:"created_at"`
	ID             flexID  `json:"id"`
	IDStr          flexID  `json:"idstr"`
	MID            flexID  `json:"mid"`
	Text           *string `json:"text"`
	User           *user   `json:"user"`
	RepostsCount   int64   `json:"reposts_count"`
	CommentsCount  int64   `json:"comments_count"`
	AttitudesCount int64   `json:"attitudes_count"`
	Retweeted      *status `json:"retweeted_status"`
	Deleted        string  `json:"deleted"`
}

// comment is the Weibo comment object.
type comment struct {
	CreatedAt  string   `json:"created_at"`
	ID         flexID   `json:"id"`
	IDStr      flexID   `json:"idstr"`
	MID        flexID   `json:"mid"`
	Text       *string  `json:"text"`
	User       *user    `json:"user"`
	LikeCount  int64    `json:"like_count"`
	Status     *status  `json:"status"`
	ReplyTo    *comment `json:"reply_comment"`
	ReplyCount int64    `json:"total_number"`
}

// Parse is the ingest.ParseFunc for Weibo. Envelopes of kind post or repost hold a status,
// envelopes of kind comment a comment. It returns an error naming the field when the
// payload is not JSON, lacks an id, a user, a text or has an unparsable created_at. It is
// safe for concurrent use.
func Parse(raw event.Raw) ([]event.Mention, error) {
	switch raw.Kind {
	case event.Post, event.Repost:
		var s status
		if err := json.Unmarshal(raw.Payload, &s); err != nil {
			return nil, fmt.Errorf("decoding weibo status: %w", err)
		}
		return parseStatus(&s)
	case event.Comment:
		var c comment
		if err := json.Unmarshal(raw.Payload, &c); err != nil {
			return nil, fmt.Errorf("decoding weibo comment: %w", err)
		}
		m, err := parseComment(&c)
		if err != nil {
			return nil, err
		}
		return []event.Mention{m}, nil
	}
	return nil, fmt.Errorf("parsing weibo record: kind %q is not a status or comment", raw.Kind)
}

// parseStatus returns the status, and for a repost also the original it quotes (unless the
// original was deleted and carries no author).
func parseStatus(s *status) ([]event.Mention, error) {
	m, err := statusMention(s, "status")
	if err != nil {
		return nil, err
	}
	if s.Retweeted == nil {
		return []event.Mention{m}, nil
	}
	origID := pick(s.Retweeted.IDStr, s.Retweeted.ID)
	if origID == "" {
		return nil, errors.New("parsing weibo status: retweeted_status.idstr and retweeted_status.id are missing")
	}
	m.Kind = event.Repost
	m.ParentID = event.ID(event.Weibo, origID)
	m.ThreadID = m.ParentID
	if s.Retweeted.User == nil || s.Retweeted.Deleted == "1" {
		return []event.Mention{m}, nil
	}
	orig, err := statusMention(s.Retweeted, "retweeted_status")
	if err != nil {
		return nil, err
	}
	return []event.Mention{m, orig}, nil
}

// statusMention converts one status without looking at retweeted_status; field names the
// object in error messages.
func statusMention(s *status, field string) (event.Mention, error) {
	id := pick(s.IDStr, s.ID)
	if id == "" {
		return event.Mention{}, fmt.Errorf("parsing weibo %s: idstr and id are missing", field)
	}
	at, err := parseTime(s.CreatedAt, field)
	if err != nil {
		return event.Mention{}, err
	}
	if s.Text == nil {
		return event.Mention{}, fmt.Errorf("parsing weibo %s %s: text is missing", field, id)
	}
	author, err := account(s.User, field)
	if err != nil {
		return event.Mention{}, err
	}
	mid := event.ID(event.Weibo, id)
	return event.Mention{
		ID: mid, Platform: event.Weibo, Kind: event.Post, NativeID: id,
		CreatedAt: at, Text: *s.Text, Author: author, ThreadID: mid,
		URL: statusURL(author.NativeID, pick(s.MID, s.IDStr, s.ID)),
		Engage: event.Engagement{
			Likes: s.AttitudesCount, Comments: s.CommentsCount, Reposts: s.RepostsCount,
		},
	}, nil
}

// parseComment converts a comment; its thread is the status it belongs to and its parent
// the comment it replies to, or else that status.
func parseComment(c *comment) (event.Mention, error) {
	id := pick(c.IDStr, c.ID)
	if id == "" {
		return event.Mention{}, errors.New("parsing weibo comment: idstr and id are missing")
	}
	at, err := parseTime(c.CreatedAt, "comment")
	if err != nil {
		return event.Mention{}, err
	}
	if c.Text == nil {
		return event.Mention{}, fmt.Errorf("parsing weibo comment %s: text is missing", id)
	}
	author, err := account(c.User, "comment")
	if err != nil {
		return event.Mention{}, err
	}
	m := event.Mention{
		ID: event.ID(event.Weibo, id), Platform: event.Weibo, Kind: event.Comment, NativeID: id,
		CreatedAt: at, Text: *c.Text, Author: author,
		Engage: event.Engagement{Likes: c.LikeCount, Comments: c.ReplyCount},
	}
	if c.Status != nil {
		if sid := pick(c.Status.IDStr, c.Status.ID); sid != "" {
			m.ThreadID = event.ID(event.Weibo, sid)
			m.ParentID = m.ThreadID
			if c.Status.User != nil {
				m.URL = statusURL(pick(c.Status.User.IDStr, c.Status.User.ID), pick(c.Status.MID, c.Status.IDStr, c.Status.ID))
			}
		}
	}
	if c.ReplyTo != nil {
		if rid := pick(c.ReplyTo.IDStr, c.ReplyTo.ID); rid != "" {
			m.ParentID = event.ID(event.Weibo, rid)
		}
	}
	return m, nil
}

func parseTime(s, field string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("parsing weibo %s: created_at is missing", field)
	}
	t, err := time.Parse(CreatedAtLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parsing weibo %s: created_at %q: %w", field, s, err)
	}
	return t.UTC(), nil
}

func account(u *user, field string) (event.Account, error) {
	if u == nil {
		return event.Account{}, fmt.Errorf("parsing weibo %s: user is missing", field)
	}
	uid := pick(u.IDStr, u.ID)
	if uid == "" {
		return event.Account{}, fmt.Errorf("parsing weibo %s: user.idstr and user.id are missing", field)
	}
	name := u.ScreenName
	if name == "" {
		name = u.Name
	}
	a := event.Account{
		ID: event.ID(event.Weibo, uid), Platform: event.Weibo, NativeID: uid,
		Nickname: name, Followers: u.FollowersCount, Verified: u.Verified,
		AvatarURL: u.AvatarLarge, Location: u.Location,
	}
	if a.AvatarURL == "" {
		a.AvatarURL = u.ProfileImage
	}
	if u.VerifiedType != nil {
		a.VerifiedType = strconv.Itoa(*u.VerifiedType)
	}
	if u.Gender == "m" || u.Gender == "f" {
		a.Gender = u.Gender
	}
	return a, nil
}

// statusURL is the web address of a status: https://weibo.com/<uid>/<mid>.
func statusURL(uid, mid string) string {
	if uid == "" || mid == "" {
		return ""
	}
	return "https://weibo.com/" + uid + "/" + mid
}
