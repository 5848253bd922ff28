package simulate

import (
	"strings"

	"github.com/lingting/lingting/event"
)

// malformed reports whether envelope pos of batch idx carries a broken payload.
func (s *Source) malformed(idx int64, pos int) bool {
	n := s.cfg.MalformedEvery
	return n > 0 && mix64(s.cfg.Seed^mix64(tagMalformed^uint64(idx)<<16^uint64(pos)))%uint64(n) == 0
}

// breakPayload returns a payload that is valid JSON (so the envelope still encodes) but
// that the platform parser rejects: an object without the record's id, a JSON string
// instead of an object, or the record with an unreadable time.
func (s *Source) breakPayload(idx int64, pos int, it *item) []byte {
	switch mix64(uint64(idx)*31+uint64(pos)) % 3 {
	case 0:
		return []byte(`{"text":"缺少id的记录","content":"缺少id的记录"}`)
	case 1:
		return []byte(`"<html>502 Bad Gateway</html>"`)
	}
	if it.msgtype == "switch" {
		return []byte(`{"text":"缺少id的记录","content":"缺少id的记录"}`)
	}
	_, body, err := s.payload(it)
	if err != nil {
		return []byte(`null`)
	}
	switch it.platform {
	case event.Weibo:
		return []byte(strings.Replace(string(body), `"created_at":"`, `"created_at":"yesterday `, 1))
	case event.Douyin:
		return []byte(strings.Replace(string(body), `"create_time":`, `"create_time":-`, 1))
	}
	if it.kind == event.CustomerEvent {
		return []byte(strings.Replace(string(body), `"CreateTime":`, `"CreateTime":-`, 1))
	}
	return []byte(strings.Replace(string(body), `"msgtime":`, `"msgtime":-`, 1))
}
