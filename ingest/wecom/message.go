package wecom

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lingting/lingting/event"
)

// message is a decrypted chat-archive message. Bodies other than text are read only for
// the few fields a placeholder shows.
type message struct {
	MsgID   string   `json:"msgid"`
	Action  string   `json:"action"`
	From    string   `json:"from"`
	ToList  []string `json:"tolist"`
	RoomID  string   `json:"roomid"`
	MsgTime int64    `json:"msgtime"`
	MsgType string   `json:"msgtype"`
	Text    *struct {
		Content *string `json:"content"`
	} `json:"text"`
	Revoke *struct {
		PreMsgID string `json:"pre_msgid"`
	} `json:"revoke"`
	File *struct {
		FileName string `json:"filename"`
	} `json:"file"`
	Link *struct {
		Title string `json:"title"`
	} `json:"link"`
	Weapp *struct {
		Title string `json:"title"`
	} `json:"weapp"`
	Location *struct {
		Address string `json:"address"`
		Title   string `json:"title"`
	} `json:"location"`
}

// placeholders name the non-text message types.
var placeholders = map[string]string{
	"image": "[图片]", "voice": "[语音]", "video": "[视频]", "card": "[名片]",
	"location": "[位置]", "emotion": "[表情]", "file": "[文件]", "link": "[链接]",
	"weapp": "[小程序]", "chatrecord": "[聊天记录]", "todo": "[待办]", "vote": "[投票]",
	"collect": "[填表]", "redpacket": "[红包]", "meeting": "[会议邀请]", "docmsg": "[在线文档]",
	"markdown": "[富文本]", "news": "[图文]", "calendar": "[日程]", "mixed": "[混合消息]",
	"meeting_voice_call": "[音频存档]", "voip_doc_share": "[共享文档]", "external_redpacket": "[互通红包]",
	"sphfeed": "[视频号消息]", "voiptext": "[音视频通话]", "qydiskfile": "[微盘文件]",
	"revoke": "[撤回消息]", "agree": "[同意会话存档]", "disagree": "[不同意会话存档]",
}

// IsCustomer reports whether a chat-archive sender id or msgid belongs to an external
// contact (a customer) rather than a staff member: external user ids start with "wo" or
// "wm", and messages a customer sent carry a msgid ending in "_external".
func IsCustomer(from, msgID string) bool {
	return strings.HasPrefix(from, "wo") || strings.HasPrefix(from, "wm") || strings.HasSuffix(msgID, "_external")
}

// SingleChatID is the native id of the one-to-one chat between two users, the same
// whichever of them is named first.
func SingleChatID(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return "single:" + a + ":" + b
}

func parseMessage(payload []byte) ([]event.Mention, error) {
	var msg message
	if err := json.Unmarshal(payload, &msg); err != nil {
		return nil, fmt.Errorf("decoding wecom chat message: %w", err)
	}
	if msg.Action == "switch" {
		return []event.Mention{}, nil
	}
	if msg.MsgID == "" {
		return nil, errors.New("parsing wecom chat message: msgid is missing")
	}
	if msg.From == "" {
		return nil, fmt.Errorf("parsing wecom chat message %s: from is missing", msg.MsgID)
	}
	if msg.MsgTime <= 0 {
		return nil, fmt.Errorf("parsing wecom chat message %s: msgtime is missing or not positive", msg.MsgID)
	}
	text, err := messageText(&msg)
	if err != nil {
		return nil, err
	}
	m := event.Mention{
		ID: event.ID(event.WeCom, msg.MsgID), Platform: event.WeCom, Kind: event.Chat,
		NativeID: msg.MsgID, CreatedAt: time.UnixMilli(msg.MsgTime).UTC(), Text: text,
		Author: event.Account{ID: event.ID(event.WeCom, msg.From), Platform: event.WeCom, NativeID: msg.From},
	}
	switch {
	case msg.RoomID != "":
		m.ThreadID = event.ID(event.WeCom, msg.RoomID)
	case len(msg.ToList) > 0:
		m.ThreadID = event.ID(event.WeCom, SingleChatID(msg.From, msg.ToList[0]))
	}
	if msg.Revoke != nil && msg.Revoke.PreMsgID != "" {
		// The revoked message keeps its row; lingting.revoked_messages marks it.
		m.ParentID = event.ID(event.WeCom, msg.Revoke.PreMsgID)
		m.EventType = EventRevoke
	}
	return []event.Mention{m}, nil
}

// EventRevoke is the EventType of a chat record that revokes (撤回) an earlier message, the
// one its ParentID names.
const EventRevoke = "revoke"

// messageText is the text of a text message, or a placeholder naming another type.
func messageText(msg *message) (string, error) {
	switch msg.MsgType {
	case "":
		return "", fmt.Errorf("parsing wecom chat message %s: msgtype is missing", msg.MsgID)
	case "text":
		if msg.Text == nil || msg.Text.Content == nil {
			return "", fmt.Errorf("parsing wecom chat message %s: text.content is missing", msg.MsgID)
		}
		return *msg.Text.Content, nil
	}
	p, ok := placeholders[msg.MsgType]
	if !ok {
		p = "[" + msg.MsgType + "]"
	}
	return p + detail(msg), nil
}

// detail is the short description a few message types carry (file name, link title …).
func detail(msg *message) string {
	var d string
	switch {
	case msg.MsgType == "file" && msg.File != nil:
		d = msg.File.FileName
	case msg.MsgType == "link" && msg.Link != nil:
		d = msg.Link.Title
	case msg.MsgType == "weapp" && msg.Weapp != nil:
		d = msg.Weapp.Title
	case msg.MsgType == "location" && msg.Location != nil:
		d = msg.Location.Title + " " + msg.Location.Address
	}
	if d = strings.TrimSpace(d); d == "" {
		return ""
	}
	return " " + d
}
