package wecom

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/lingting/lingting/event"
)

// ChangeExternalContact is the Event value of external-contact change callbacks.
const ChangeExternalContact = "change_external_contact"

// customerEvent is an external-contact change callback in JSON form.
type customerEvent struct {
	ToUserName     string           `json:"ToUserName"`
	FromUserName   string           `json:"FromUserName"`
	CreateTime     int64            `json:"CreateTime"`
	MsgType        string           `json:"MsgType"`
	Event          string           `json:"Event"`
	ChangeType     string           `json:"ChangeType"`
	UserID         string           `json:"UserID"`
	ExternalUserID string           `json:"ExternalUserID"`
	State          string           `json:"State"`
	Source         string           `json:"Source"`
	FailReason     string           `json:"FailReason"`
	Contact        *externalContact `json:"external_contact"`
	// Group-chat change events (change_external_chat).
	ChatID       string `json:"ChatId"`
	UpdateDetail string `json:"UpdateDetail"`
}

// externalContact is the external_contact object of externalcontact/get.
type externalContact struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Type           int    `json:"type"`
	UnionID        string `json:"unionid"`
	CorpName       string `json:"corp_name"`
	Avatar         string `json:"avatar"`
	Gender         int    `json:"gender"` // 0 unknown, 1 male, 2 female
}

// changeTexts describe each change type in the mention's text.
var changeTexts = map[string]string{
	"add_external_contact":      "[添加企业客户]",
	"edit_external_contact":     "[编辑企业客户]",
	"add_half_external_contact": "[外部联系人免验证添加成员]",
	"del_external_contact":      "[删除企业客户]",
	"del_follow_user":           "[客户删除跟进成员]",
	"transfer_fail":             "[客户接替失败]",
}

// EventNativeID is the native id of a customer event, which WeCom does not number: the
// change type, the staff member, the customer and the time joined by colons.
func EventNativeID(changeType, userID, externalUserID string, createTime int64) string {
	return changeType + ":" + userID + ":" + externalUserID + ":" + strconv.FormatInt(createTime, 10)
}

func parseCustomerEvent(payload []byte) ([]event.Mention, error) {
	var ev customerEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, fmt.Errorf("decoding wecom customer event: %w", err)
	}
	if ev.Event == ChangeExternalChat {
		return parseChatEvent(&ev)
	}
	switch {
	case ev.Event != ChangeExternalContact:
		return nil, fmt.Errorf("parsing wecom customer event: Event %q is not %s", ev.Event, ChangeExternalContact)
	case ev.ChangeType == "":
		return nil, fmt.Errorf("parsing wecom customer event: ChangeType is missing")
	case ev.ExternalUserID == "":
		return nil, fmt.Errorf("parsing wecom customer event: ExternalUserID is missing")
	case ev.CreateTime <= 0:
		return nil, fmt.Errorf("parsing wecom customer event: CreateTime is missing or not positive")
	}
	text, ok := changeTexts[ev.ChangeType]
	if !ok {
		text = "[" + ev.ChangeType + "]"
	}
	native := EventNativeID(ev.ChangeType, ev.UserID, ev.ExternalUserID, ev.CreateTime)
	m := event.Mention{
		ID: event.ID(event.WeCom, native), Platform: event.WeCom, Kind: event.CustomerEvent,
		NativeID: native, CreatedAt: time.Unix(ev.CreateTime, 0).UTC(), Text: text,
		Author:    event.Account{ID: event.ID(event.WeCom, ev.ExternalUserID), Platform: event.WeCom, NativeID: ev.ExternalUserID},
		EventType: ev.ChangeType,
	}
	if ev.UserID != "" {
		m.ThreadID = event.ID(event.WeCom, SingleChatID(ev.UserID, ev.ExternalUserID))
	}
	if c := ev.Contact; c != nil && (c.ExternalUserID == "" || c.ExternalUserID == ev.ExternalUserID) {
		m.Author.Nickname, m.Author.UnionID, m.Author.AvatarURL = c.Name, c.UnionID, c.Avatar
		m.Author.Gender = map[int]string{1: "m", 2: "f"}[c.Gender]
	}
	return []event.Mention{m}, nil
}
