package wecom

import (
	"fmt"

	"github.com/lingting/lingting/event"
)

// Parse is the ingest.ParseFunc for WeCom. Envelopes of kind chat hold a decrypted
// chat-archive message, envelopes of kind customer_event an external-contact change
// event. A switch record yields an empty slice and no error. Malformed payloads (not
// JSON, no msgid/from/msgtime, a text message without text.content, an event without
// ExternalUserID …) are an error naming the field. It is safe for concurrent use.
func Parse(raw event.Raw) ([]event.Mention, error) {
	switch raw.Kind {
	case event.Chat:
		return parseMessage(raw.Payload)
	case event.CustomerEvent:
		return parseCustomerEvent(raw.Payload)
	}
	return nil, fmt.Errorf("parsing wecom record: kind %q is not a chat message or customer event", raw.Kind)
}
