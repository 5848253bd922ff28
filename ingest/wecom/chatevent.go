package wecom

import (
	"fmt"
	"strings"
	"time"

	"github.com/lingting/lingting/event"
)

// ChangeExternalChat is the Event value of customer group-chat change callbacks.
const ChangeExternalChat = "change_external_chat"

// ChatEventNativeID is the native id of a group-chat change event: "chat", the change
// type, the update detail, the chat id and the time joined by colons.
func ChatEventNativeID(changeType, updateDetail, chatID string, createTime int64) string {
	return fmt.Sprintf("chat:%s:%s:%s:%d", changeType, updateDetail, chatID, createTime)
}

// chatTexts describe each group-chat change.
var chatTexts = map[string]string{
	"create": "[客户群创建]", "dismiss": "[客户群解散]", "update": "[客户群变更]",
}

// parseChatEvent turns a change_external_chat event into a customer event of the chat:
// the chat is its thread and its account (WeCom does not say who changed it), EventType
// is "chat_<ChangeType>" with the UpdateDetail (add_member, del_member, change_name …)
// appended after a colon.
func parseChatEvent(ev *customerEvent) ([]event.Mention, error) {
	switch {
	case ev.ChatID == "":
		return nil, fmt.Errorf("parsing wecom group-chat event: ChatId is missing")
	case ev.ChangeType == "":
		return nil, fmt.Errorf("parsing wecom group-chat event: ChangeType is missing")
	case ev.CreateTime <= 0:
		return nil, fmt.Errorf("parsing wecom group-chat event: CreateTime is missing or not positive")
	}
	kind := "chat_" + ev.ChangeType
	text := chatTexts[ev.ChangeType]
	if text == "" {
		text = "[" + kind + "]"
	}
	if ev.UpdateDetail != "" {
		kind += ":" + ev.UpdateDetail
		text = strings.TrimSpace(text + " " + ev.UpdateDetail)
	}
	native := ChatEventNativeID(ev.ChangeType, ev.UpdateDetail, ev.ChatID, ev.CreateTime)
	chat := event.ID(event.WeCom, ev.ChatID)
	return []event.Mention{{
		ID: event.ID(event.WeCom, native), Platform: event.WeCom, Kind: event.CustomerEvent,
		NativeID: native, CreatedAt: time.Unix(ev.CreateTime, 0).UTC(), Text: text,
		Author:   event.Account{ID: chat, Platform: event.WeCom, NativeID: ev.ChatID},
		ThreadID: chat, EventType: kind,
	}}, nil
}
