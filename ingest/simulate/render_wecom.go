package simulate

import (
	"fmt"
)

// WeCom chat-archive message (decrypted) and external-contact event objects.
type wecomText struct {
	Content string `json:"content"`
}

type wecomImage struct {
	MD5Sum    string `json:"md5sum"`
	FileSize  int64  `json:"filesize"`
	SDKFileID string `json:"sdkfileid"`
}

type wecomFile struct {
	MD5Sum    string `json:"md5sum"`
	FileName  string `json:"filename"`
	FileExt   string `json:"fileext"`
	FileSize  int64  `json:"filesize"`
	SDKFileID string `json:"sdkfileid"`
}

type wecomRevoke struct {
	PreMsgID string `json:"pre_msgid"`
}

type wecomMessage struct {
	MsgID   string       `json:"msgid"`
	Action  string       `json:"action"`
	From    string       `json:"from"`
	ToList  []string     `json:"tolist"`
	RoomID  string       `json:"roomid"`
	MsgTime int64        `json:"msgtime"`
	MsgType string       `json:"msgtype"`
	Text    *wecomText   `json:"text,omitempty"`
	Image   *wecomImage  `json:"image,omitempty"`
	File    *wecomFile   `json:"file,omitempty"`
	Revoke  *wecomRevoke `json:"revoke,omitempty"`
}

type wecomSwitch struct {
	MsgID  string `json:"msgid"`
	Action string `json:"action"`
	Time   int64  `json:"time"`
	User   string `json:"user"`
}

type wecomContact struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Type           int    `json:"type"`
	Avatar         string `json:"avatar"`
	Gender         int    `json:"gender"`
	UnionID        string `json:"unionid"`
}

type wecomEvent struct {
	ToUserName     string        `json:"ToUserName"`
	FromUserName   string        `json:"FromUserName"`
	CreateTime     int64         `json:"CreateTime"`
	MsgType        string        `json:"MsgType"`
	Event          string        `json:"Event"`
	ChangeType     string        `json:"ChangeType"`
	UserID         string        `json:"UserID"`
	ExternalUserID string        `json:"ExternalUserID"`
	State          string        `json:"State,omitempty"`
	WelcomeCode    string        `json:"WelcomeCode,omitempty"`
	Contact        *wecomContact `json:"external_contact,omitempty"`
}

// corpID is the simulated WeCom corp.
const corpID = "ww7f3a1c9e5b2d4a60"

func (s *Source) chatMessage(it *item) any {
	id := s.nativeID(it)
	if it.msgtype == "switch" {
		return wecomSwitch{MsgID: id, Action: "switch", Time: it.at.UnixMilli(), User: it.staff}
	}
	from, to := it.staff, s.pop.persons[it.customer].wecomExt
	if it.author >= 0 {
		from, to = to, from
	}
	m := wecomMessage{MsgID: id, Action: "send", From: from, ToList: []string{to}, RoomID: it.room,
		MsgTime: it.at.UnixMilli(), MsgType: it.msgtype}
	h := it.num
	switch it.msgtype {
	case "text":
		m.Text = &wecomText{Content: it.text}
	case "image":
		m.Image = &wecomImage{MD5Sum: fmt.Sprintf("%016x%016x", mix64(h), mix64(h+1)), FileSize: int64(mix64(h)%200000) + 5000,
			SDKFileID: idText(h, 11, 32)}
	case "file":
		name := fileNames[mix64(h)%uint64(len(fileNames))]
		m.File = &wecomFile{MD5Sum: fmt.Sprintf("%016x%016x", mix64(h), mix64(h+2)), FileName: name,
			FileExt: name[len(name)-3:], FileSize: int64(mix64(h)%90000) + 1000, SDKFileID: idText(h, 12, 32)}
	case "revoke":
		m.Action = "recall"
		m.Revoke = &wecomRevoke{PreMsgID: s.nativeID(it.reply)}
	}
	return m
}

func (s *Source) customerEvent(it *item) any {
	pr := &s.pop.persons[it.customer]
	ev := wecomEvent{ToUserName: corpID, FromUserName: "sys", CreateTime: it.at.Unix(), MsgType: "event",
		Event: "change_external_contact", ChangeType: it.change, UserID: it.staff, ExternalUserID: pr.wecomExt}
	if it.change == "add_external_contact" {
		ev.State, ev.WelcomeCode = "brand"+fmt.Sprint(it.brand), idText(it.num, 13, 20)
	}
	if it.change != "del_external_contact" && it.change != "del_follow_user" {
		ev.Contact = &wecomContact{ExternalUserID: pr.wecomExt, Name: pr.wecomName, Type: 1,
			Avatar: "http://wx.qlogo.cn/mmhead/" + pr.wecomUnn[1:9] + "/0", Gender: int(it.num % 2), UnionID: pr.wecomUnn}
	}
	return ev
}
