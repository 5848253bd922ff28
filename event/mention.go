package event

import "time"

// Account is an author on one platform.
type Account struct {
	ID        string   `json:"id"` // ID(Platform, NativeID)
	Platform  Platform `json:"platform"`
	NativeID  string   `json:"native_id"`
	Nickname  string   `json:"nickname"`
	Followers int64    `json:"followers"`
	Verified  bool     `json:"verified"`
	// UnionID is the platform's cross-app user id where it exposes one (WeCom unionid,
	// Douyin union_id); empty otherwise.
	UnionID string `json:"union_id,omitempty"`
	// VerifiedType is the platform's verification category as text where it gives one
	// (Weibo verified_type: "-1" none, "0" personal, "1"–"7" organisations, "200"/"220"
	// experts); empty otherwise.
	VerifiedType string `json:"verified_type,omitempty"`
	// AvatarURL is the profile picture's address where the platform gives one.
	AvatarURL string `json:"avatar_url,omitempty"`
	// Location is the profile's free-text location (Weibo "北京 朝阳区"); empty when unknown.
	Location string `json:"location,omitempty"`
	// Gender is "m", "f", or empty when unknown, normalised from the platform's coding.
	Gender string `json:"gender,omitempty"`
}

// Engagement holds the interaction counts a platform reports for a record at fetch time.
type Engagement struct {
	Likes    int64 `json:"likes"`
	Comments int64 `json:"comments"`
	Reposts  int64 `json:"reposts"`
}

// Sentiment labels.
const (
	Positive = "positive"
	Negative = "negative"
	Neutral  = "neutral"
)

// Sentiment is a polarity score in [-1, 1] (> 0 positive) and its label.
type Sentiment struct {
	Score float32 `json:"score"`
	Label string  `json:"label"` // Positive, Negative or Neutral
	// Terms explain the score: the rules that fired ("contrast:但是", "sarcasm:…") and
	// the words, [表情] and emoji that moved it most, each group strongest first.
	Terms []SentimentTerm `json:"terms,omitempty"`
}

// SentimentTerm is one reason for a sentiment score and its share of the model's logit
// (> 0 pushes positive).
type SentimentTerm struct {
	Term   string  `json:"term"`
	Weight float32 `json:"weight"`
}

// Aspect is the sentiment of one aspect (price, quality, delivery …) in a mention, from
// the clauses that talk about it.
type Aspect struct {
	Name  string  `json:"name"` // taxonomy name, e.g. "price"
	Score float32 `json:"score"`
	Label string  `json:"label"` // Positive, Negative or Neutral
}

// Kinds of personal data the enrich stage redacts.
const (
	PIIPhone    = "phone"     // mainland mobile number
	PIIEmail    = "email"     // e-mail address
	PIIIDCard   = "id_card"   // 18-digit resident ID number with a valid checksum
	PIIBankCard = "bank_card" // card number passing the Luhn check
	PIIWeChat   = "wechat"    // WeChat ID where the text labels it as one
)

// PIIHash is a keyed hash (HMAC-SHA256, hex, secret from the enrich config) of one piece of
// personal data, normalised before hashing so the same phone number written two ways
// hashes the same.
type PIIHash struct {
	Kind string `json:"kind"` // PIIPhone, PIIEmail, …
	Hash string `json:"hash"`
}

// Mention is one normalised record: a post, comment, repost, chat message or customer
// event. Collectors fill the fields up to Raw; the enrichment stage fills the rest.
type Mention struct {
	Schema    int        `json:"schema"`
	ID        string     `json:"id"` // ID(Platform, NativeID)
	Platform  Platform   `json:"platform"`
	Kind      Kind       `json:"kind"`
	NativeID  string     `json:"native_id"`
	CreatedAt time.Time  `json:"created_at"` // when the author wrote it, UTC
	Text      string     `json:"text"`
	Author    Account    `json:"author"`
	ThreadID  string     `json:"thread_id,omitempty"` // id of the root post/video/chat room
	ParentID  string     `json:"parent_id,omitempty"` // id of the record replied to or reposted
	URL       string     `json:"url,omitempty"`
	Engage    Engagement `json:"engagement"`
	// EventType names a customer event (e.g. "add_external_contact"); empty for content.
	EventType string `json:"event_type,omitempty"`

	// Enrichment, filled by the enrich stage.
	Lang      string    `json:"lang,omitempty"` // "zh", "zh-Hant", "other", "" when not enriched
	Hashtags  []string  `json:"hashtags,omitempty"`
	Mentions  []string  `json:"mentions,omitempty"` // @handles, without "@"
	URLs      []string  `json:"urls,omitempty"`
	Emoticons []string  `json:"emoticons,omitempty"` // Weibo-style [表情] names, without brackets
	Emoji     []string  `json:"emoji,omitempty"`
	Tokens    []string  `json:"tokens,omitempty"`
	Brands    []string  `json:"brands,omitempty"`
	Sentiment Sentiment `json:"sentiment"`
	// PII holds a keyed hash of each piece of personal data the enrich stage found and
	// redacted from Text (which keeps a typed placeholder instead); identity resolution
	// matches on them. Never the data itself.
	PII      []PIIHash `json:"pii,omitempty"`
	PersonID string    `json:"person_id,omitempty"` // filled by identity resolution
	// Aspects found in the text, each with its own polarity, in taxonomy order.
	Aspects []Aspect `json:"aspects,omitempty"`
	// Keywords are the text's strongest TF-IDF keywords, strongest first.
	Keywords []string `json:"keywords,omitempty"`
	// SimHash is a 64-bit SimHash over the text's tokens: near-identical texts differ in
	// few bits. 0 when there is nothing to hash.
	SimHash uint64 `json:"simhash,omitempty"`
	// ClusterID is shared by mentions whose text is the same once mentions, links,
	// digits, punctuation and emoji are stripped (repost storms, copy-paste campaigns);
	// empty when nothing is left.
	ClusterID string `json:"cluster_id,omitempty"`
	// Spam is a spam/bot signal in [0, 1] from the text alone (contact baits, hashtag and
	// mention stuffing, repeated characters); counting accounts per ClusterID over time
	// is the store's job.
	Spam float32 `json:"spam,omitempty"`
	// EnrichedAt is when the enrich stage finished with the record; zero before.
	EnrichedAt time.Time `json:"enriched_at,omitempty"`
}
