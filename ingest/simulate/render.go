package simulate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/lingting/lingting/event"
)

// Weibo open-API objects, as statuses/show and comments/show return them.
type weiboUser struct {
	ID             int64  `json:"id"`
	IDStr          string `json:"idstr"`
	ScreenName     string `json:"screen_name"`
	Name           string `json:"name"`
	Location       string `json:"location"`
	FollowersCount int64  `json:"followers_count"`
	FriendsCount   int64  `json:"friends_count"`
	StatusesCount  int64  `json:"statuses_count"`
	Verified       bool   `json:"verified"`
	VerifiedReason string `json:"verified_reason"`
	Gender         string `json:"gender"`
}

type weiboStatus struct {
	CreatedAt      string       `json:"created_at"`
	ID             uint64       `json:"id"`
	MID            string       `json:"mid"`
	IDStr          string       `json:"idstr"`
	Text           string       `json:"text"`
	Source         string       `json:"source"`
	Favorited      bool         `json:"favorited"`
	Truncated      bool         `json:"truncated"`
	PicURLs        []string     `json:"pic_urls"`
	User           *weiboUser   `json:"user"`
	Retweeted      *weiboStatus `json:"retweeted_status,omitempty"`
	RepostsCount   int64        `json:"reposts_count"`
	CommentsCount  int64        `json:"comments_count"`
	AttitudesCount int64        `json:"attitudes_count"`
}

type weiboComment struct {
	CreatedAt string        `json:"created_at"`
	ID        uint64        `json:"id"`
	IDStr     string        `json:"idstr"`
	MID       string        `json:"mid"`
	Text      string        `json:"text"`
	Source    string        `json:"source"`
	LikeCount int64         `json:"like_count"`
	User      *weiboUser    `json:"user"`
	Status    *weiboStatus  `json:"status,omitempty"`
	Reply     *weiboComment `json:"reply_comment,omitempty"`
}

// Douyin open-platform objects.
type douyinUser struct {
	OpenID   string `json:"open_id"`
	UnionID  string `json:"union_id"`
	Nickname string `json:"nickname"`
	Avatar   string `json:"avatar"`
	// TotalFans is what /data/external/user/fans/ reports; a collector attaches it.
	TotalFans int64 `json:"total_fans,omitempty"`
}

type douyinStats struct {
	CommentCount  int64 `json:"comment_count"`
	DiggCount     int64 `json:"digg_count"`
	DownloadCount int64 `json:"download_count"`
	ForwardCount  int64 `json:"forward_count"`
	PlayCount     int64 `json:"play_count"`
	ShareCount    int64 `json:"share_count"`
}

type douyinVideo struct {
	ItemID      string      `json:"item_id"`
	Title       string      `json:"title"`
	Cover       string      `json:"cover"`
	IsTop       bool        `json:"is_top"`
	CreateTime  int64       `json:"create_time"`
	IsReviewed  bool        `json:"is_reviewed"`
	VideoStatus int         `json:"video_status"`
	ShareURL    string      `json:"share_url"`
	Statistics  douyinStats `json:"statistics"`
	Author      douyinUser  `json:"author"`
}

type douyinComment struct {
	CommentID         string `json:"comment_id"`
	CommentUserID     string `json:"comment_user_id"`
	NickName          string `json:"nick_name"`
	Avatar            string `json:"avatar"`
	UnionID           string `json:"union_id"`
	Content           string `json:"content"`
	CreateTime        int64  `json:"create_time"`
	DiggCount         int64  `json:"digg_count"`
	ReplyCommentTotal int64  `json:"reply_comment_total"`
	Top               bool   `json:"top"`
	ReplyToItemID     string `json:"reply_to_item_id"`
	ReplyToCommentID  string `json:"reply_to_comment_id,omitempty"`
}

func (s *Source) weiboUser(author int, at time.Time) *weiboUser {
	pr := &s.pop.persons[author]
	id, _ := strconv.ParseInt(pr.weiboUID, 10, 64)
	nick := pr.weiboNickAt(at)
	u := &weiboUser{ID: id, IDStr: pr.weiboUID, ScreenName: nick, Name: nick, Location: "其他",
		FollowersCount: pr.followers, FriendsCount: int64(mix64(uint64(id))%900) + 20,
		StatusesCount: int64(mix64(uint64(id)+1)%5000) + 10, Verified: pr.verified, Gender: "f"}
	if id%2 == 1 {
		u.Gender = "m"
	}
	if pr.verified {
		u.VerifiedReason = "知名博主"
	}
	return u
}

func (s *Source) weiboStatus(it *item) *weiboStatus {
	id := strconv.FormatUint(it.num, 10)
	st := &weiboStatus{CreatedAt: it.at.In(beijing).Format("Mon Jan 02 15:04:05 -0700 2006"),
		ID: it.num, MID: id, IDStr: id, Text: it.text, Source: "微博 weibo.com", PicURLs: []string{},
		User: s.weiboUser(it.author, it.at), RepostsCount: it.reposts, CommentsCount: it.comments,
		AttitudesCount: it.likes}
	if it.kind == event.Repost {
		st.Retweeted = s.weiboStatus(it.thread)
	}
	return st
}

func (s *Source) weiboComment(it *item, withStatus bool) *weiboComment {
	id := strconv.FormatUint(it.num, 10)
	c := &weiboComment{CreatedAt: it.at.In(beijing).Format("Mon Jan 02 15:04:05 -0700 2006"),
		ID: it.num, IDStr: id, MID: id, Text: it.text, Source: "iPhone客户端", LikeCount: it.likes,
		User: s.weiboUser(it.author, it.at)}
	if withStatus {
		c.Status = s.weiboStatus(it.thread)
		if it.reply != nil {
			c.Reply = s.weiboComment(it.reply, false)
		}
	}
	return c
}

func (s *Source) douyinUser(author int) douyinUser {
	pr := &s.pop.persons[author]
	return douyinUser{OpenID: pr.douyinOpen, UnionID: pr.douyinUnn, Nickname: pr.douyinNick,
		Avatar: "https://p3.douyinpic.com/aweme/100x100/" + pr.douyinOpen[:8] + ".jpeg"}
}

func (s *Source) douyinVideo(it *item) *douyinVideo {
	id := douyinID(it.num)
	return &douyinVideo{ItemID: id, Title: it.text, Cover: "https://p3-dy.byteimg.com/cover/" + id[1:9] + ".jpeg",
		CreateTime: it.at.Unix(), IsReviewed: true, VideoStatus: 1,
		ShareURL: "https://www.iesdouyin.com/share/video/" + strconv.FormatUint(it.num, 10) + "/",
		Statistics: douyinStats{CommentCount: it.comments, DiggCount: it.likes, ForwardCount: it.reposts / 3,
			PlayCount: it.likes*20 + 100, ShareCount: it.reposts},
		Author: s.douyinUserWithFans(it.author)}
}

func (s *Source) douyinUserWithFans(author int) douyinUser {
	u := s.douyinUser(author)
	u.TotalFans = s.pop.persons[author].followers * 3
	return u
}

func (s *Source) douyinComment(it *item) *douyinComment {
	u := s.douyinUser(it.author)
	c := &douyinComment{CommentID: douyinID(it.num), CommentUserID: u.OpenID, NickName: u.Nickname,
		Avatar: u.Avatar, UnionID: u.UnionID, Content: it.text, CreateTime: it.at.Unix(),
		DiggCount: it.likes, ReplyCommentTotal: it.comments, ReplyToItemID: douyinID(it.thread.num)}
	if it.reply != nil {
		c.ReplyToCommentID = douyinID(it.reply.num)
	}
	return c
}

// payload renders an item in its platform's JSON.
func (s *Source) payload(it *item) (nativeID string, body []byte, err error) {
	var v any
	switch {
	case it.platform == event.Weibo && it.kind == event.Comment:
		v = s.weiboComment(it, true)
	case it.platform == event.Weibo:
		v = s.weiboStatus(it)
	case it.platform == event.Douyin && it.kind == event.Comment:
		v = s.douyinComment(it)
	case it.platform == event.Douyin:
		v = s.douyinVideo(it)
	case it.kind == event.CustomerEvent:
		v = s.customerEvent(it)
	default:
		v = s.chatMessage(it)
	}
	body, err = json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("rendering %s %s: %w", it.platform, it.kind, err)
	}
	return s.nativeID(it), body, nil
}

// nativeID is the id of the item on its platform, as its parser reads it.
func (s *Source) nativeID(it *item) string {
	switch it.platform {
	case event.Weibo:
		return strconv.FormatUint(it.num, 10)
	case event.Douyin:
		return douyinID(it.num)
	}
	if it.kind == event.CustomerEvent {
		return eventNativeID(it.change, it.staff, s.pop.persons[it.customer].wecomExt, it.at.Unix())
	}
	return wecomMsgID(it.num, it.author >= 0 && it.msgtype != "switch", it.at.Unix())
}
