package wecom

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
)

// lookupTypes are the change types completed with externalcontact/get.
var lookupTypes = map[string]bool{"add_external_contact": true, "edit_external_contact": true, "add_half_external_contact": true}

// EventSource is the ingest.Source that drains the callback spool: customer-contact and
// group-chat change events become customer_event envelopes, other events are counted and
// skipped, records that are not JSON become dead letters. With Contacts set, add and
// edit events get the external_contact object of externalcontact/get attached (name,
// unionid for identity); a failed lookup fails the Fetch, which the Runner retries at the
// same cursor. Its cursor is the spool position; called from one goroutine at a time.
type EventSource struct {
	name     string
	spool    *douyin.Spool
	contacts *Contacts // nil: no lookup
	max      int
	m        *metrics
	log      *slog.Logger
}

// NewEventSource returns the source draining spool. contacts may be nil.
func NewEventSource(name string, spool *douyin.Spool, contacts *Contacts, reg prometheus.Registerer, log *slog.Logger) *EventSource {
	return &EventSource{name: name, spool: spool, contacts: contacts, max: 200, m: newMetrics(reg), log: orDiscard(log)}
}

// Name implements ingest.Source.
func (s *EventSource) Name() string { return s.name }

// Fetch implements ingest.Source.
func (s *EventSource) Fetch(ctx context.Context, cur string) (ingest.Batch, error) {
	lines, next, err := s.spool.ReadFrom(cur, s.max)
	if err != nil {
		return ingest.Batch{}, fmt.Errorf("reading wecom callback spool: %w", err)
	}
	b := ingest.Batch{Next: next}
	for _, line := range lines {
		if err := s.add(ctx, &b, line); err != nil {
			return ingest.Batch{}, err
		}
	}
	return b, nil
}

// eventHead is what the source reads of an event.
type eventHead struct {
	Event          string `json:"Event"`
	ChangeType     string `json:"ChangeType"`
	UserID         string `json:"UserID"`
	ExternalUserID string `json:"ExternalUserID"`
	ChatID         string `json:"ChatId"`
	UpdateDetail   string `json:"UpdateDetail"`
	CreateTime     int64  `json:"CreateTime"`
}

func (s *EventSource) add(ctx context.Context, b *ingest.Batch, line douyin.SpoolLine) error {
	if line.Err != nil {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: "wecom spool line does not decode: " + line.Err.Error(), Payload: line.Raw})
		return nil
	}
	body := line.Record.Body
	var h eventHead
	if err := json.Unmarshal(body, &h); err != nil {
		b.Bad = append(b.Bad, event.DeadLetter{Reason: "wecom callback event is not convertible XML: " + err.Error(), Payload: body})
		return nil
	}
	var native string
	switch h.Event {
	case ChangeExternalContact:
		native = EventNativeID(h.ChangeType, h.UserID, h.ExternalUserID, h.CreateTime)
		var err error
		if body, err = s.complete(ctx, h, body); err != nil {
			return err
		}
	case ChangeExternalChat:
		native = ChatEventNativeID(h.ChangeType, h.UpdateDetail, h.ChatID, h.CreateTime)
	default:
		s.m.ignored.WithLabelValues(s.name, "event").Inc()
		return nil
	}
	b.Raws = append(b.Raws, event.NewRaw(event.WeCom, event.CustomerEvent, native, line.Record.At, body))
	s.m.records.WithLabelValues(s.name, string(event.CustomerEvent)).Inc()
	return nil
}

// complete attaches external_contact to add/edit events when lookups are configured.
func (s *EventSource) complete(ctx context.Context, h eventHead, body []byte) ([]byte, error) {
	if s.contacts == nil || !lookupTypes[h.ChangeType] || h.ExternalUserID == "" {
		return body, nil
	}
	contact, found, err := s.contacts.Get(ctx, h.ExternalUserID)
	if err != nil {
		return nil, fmt.Errorf("looking up a wecom external contact: %w", err)
	}
	if !found {
		return body, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return body, nil // the parser dead-letters it
	}
	obj["external_contact"] = contact
	return json.Marshal(obj)
}
