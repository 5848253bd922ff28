package identity

import (
	"regexp"
	"strings"
	"time"

	"github.com/lingting/lingting/event"
)

// Observation is what the resolver learns about one account from one mention.
type Observation struct {
	Account event.Account
	Mention string          // the mention's id: observing it again does not count it twice
	At      time.Time       // when the mention was written
	PII     []event.PIIHash // keyed hashes found in the mention (phone and e-mail are used)
	// Handles are accounts the author declares as their own in the text.
	Handles []Handle
	// Event is the WeCom customer event type, when the mention is one.
	Event string
}

// Handle is an account a person says is theirs: "我微博是@小鹿爱喝茶".
type Handle struct {
	Platform event.Platform
	Name     string // as written, without "@"
}

// Observe turns a mention into the observation of its author. ok is false when the mention
// has no identifiable author (no platform or native id).
func Observe(m event.Mention) (o Observation, ok bool) {
	a := m.Author
	if a.NativeID == "" || !a.Platform.Valid() {
		return Observation{}, false
	}
	if a.ID == "" {
		a.ID = event.ID(a.Platform, a.NativeID)
	}
	o = Observation{Account: a, Mention: m.ID, At: m.CreatedAt, PII: m.PII, Event: m.EventType}
	if m.Kind == event.Chat || m.Kind == event.Comment || m.Kind == event.Post {
		o.Handles = DeclaredHandles(m.Text, a.Platform)
	}
	return o, true
}

// handlePattern finds declarations of a Weibo or Douyin handle: the platform's name, an
// optional 号/ID/账号/昵称, a verb or colon, then the handle.
var handlePattern = regexp.MustCompile(`(?i)(微博|weibo|抖音|douyin)\s*(?:号|id|账号|昵称|名字|名)?\s*(?:是|叫|为|:|：)\s*@?([\p{L}\p{N}_\-·.]{2,30})`)

// DeclaredHandles returns the handles a text declares on platforms other than the one it
// was written on (a Weibo post naming a Weibo handle says nothing new).
func DeclaredHandles(text string, on event.Platform) []Handle {
	if !strings.Contains(text, "微博") && !strings.Contains(text, "抖音") && !strings.Contains(strings.ToLower(text), "weibo") && !strings.Contains(strings.ToLower(text), "douyin") {
		return nil
	}
	var out []Handle
	for _, m := range handlePattern.FindAllStringSubmatch(text, 4) {
		p := event.Weibo
		if k := strings.ToLower(m[1]); k == "抖音" || k == "douyin" {
			p = event.Douyin
		}
		if p == on {
			continue
		}
		out = append(out, Handle{Platform: p, Name: m[2]})
	}
	return out
}
