package event

import "fmt"

// Platform names a channel Lingting listens to.
type Platform string

// The platforms Lingting collects from.
const (
	Weibo  Platform = "weibo"
	Douyin Platform = "douyin"
	WeCom  Platform = "wecom"
)

// Platforms lists every known platform in a stable order.
var Platforms = []Platform{Weibo, Douyin, WeCom}

// Valid reports whether p is a known platform.
func (p Platform) Valid() bool {
	switch p {
	case Weibo, Douyin, WeCom:
		return true
	}
	return false
}

// Kind is what a record is on its platform.
type Kind string

// The kinds of record a Mention can be.
const (
	Post          Kind = "post"
	Comment       Kind = "comment"
	Repost        Kind = "repost"
	Chat          Kind = "chat"
	CustomerEvent Kind = "customer_event"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	switch k {
	case Post, Comment, Repost, Chat, CustomerEvent:
		return true
	}
	return false
}

// ID returns the deterministic identifier of a platform record: the platform and the
// platform's own id joined by a colon, e.g. "weibo:4890123456789012". The same record
// fetched twice gets the same id, which is what makes replays idempotent.
func ID(p Platform, nativeID string) string {
	return fmt.Sprintf("%s:%s", p, nativeID)
}
