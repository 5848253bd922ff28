package enrich

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lingting/lingting/enrich/aspect"
	"github.com/lingting/lingting/enrich/query"
	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/enrich/topic"
	"github.com/lingting/lingting/event"
)

// Brand is a brand to track. Without a Query, a mention matches it when its text or one
// of its hashtags contains the name or any keyword, case-insensitively; Latin keywords
// match whole words only ("oppo" does not match "opposite"), Chinese keywords anywhere.
// With a Query, the mention matches when the query does (package query: AND, OR, NOT,
// quoted phrases, parentheses, trailing *, NEAR/n), and Keywords only feed the
// segmenter's dictionary. Channels, when set, restrict the brand to those platforms.
type Brand struct {
	Name     string   `yaml:"name"`
	Keywords []string `yaml:"keywords"`
	// Query is a boolean brand query, e.g. `(小米 OR xiaomi) AND 手机 NOT 小米粥`.
	Query string `yaml:"query"`
	// Channels lists the platforms ("weibo", "douyin", "wecom") the brand is tracked on;
	// empty: all.
	Channels []event.Platform `yaml:"channels"`
}

// Config configures a Pipeline.
type Config struct {
	// Segmenter cuts text into words; required. Build it once per process with
	// segment.Load (about 2 s and 130 MB) and share it: New adds the brand names and
	// keywords to its user dictionary.
	Segmenter *segment.Segmenter `yaml:"-"`
	// Model scores sentiment; nil uses the embedded model (sentiment.Load).
	Model *sentiment.Model `yaml:"-"`
	// Brands to match. Names must be unique and non-empty.
	Brands []Brand `yaml:"brands"`
	// ChainWeight is how much a repost's quoted chain ("//@a: …") counts for sentiment
	// next to the author's own words (weight 1); when the author wrote nothing of their
	// own, the chain counts fully. Default 0.3; must be in [0, 1].
	ChainWeight float64 `yaml:"chain_weight"`
	// Workers is how many goroutines the bus handler enriches one batch on. Default
	// GOMAXPROCS; 1 enriches on the calling goroutine.
	Workers int `yaml:"workers"`
	// IDF weighs keywords (Mention.Keywords); nil loads gse's table (topic.LoadIDF, about
	// 0.2 s and 20 MB): share one between pipelines.
	IDF *topic.IDF `yaml:"-"`
	// Keywords is how many keywords a mention keeps. Default 5.
	Keywords int `yaml:"keywords"`
	// Aspects is the taxonomy of aspects scored per clause (Mention.Aspects); empty uses
	// aspect.Defaults (price, quality, delivery, service, packaging, efficacy, safety,
	// store, taste).
	Aspects []aspect.Aspect `yaml:"aspects"`
	// PIIKey is the secret of the keyed hashes (HMAC-SHA256) of the personal data Enrich
	// redacts (Mention.PII). Empty: personal data is still redacted but no hashes are
	// kept. Never logged; set it from the environment (LINGTING_PII_KEY), not from a file
	// under version control.
	PIIKey []byte `yaml:"-"`
	// Now stamps EnrichedAt. nil stamps the mention's own CreatedAt, so that the same
	// input always gives the same record (what the embedded-versus-distributed equality
	// test needs); give time.Now for the wall clock.
	Now func() time.Time `yaml:"-"`
}

// defaultKeywords is Keywords' default.
const defaultKeywords = 5

// defaultChainWeight is ChainWeight's default.
const defaultChainWeight = 0.3

// Validate reports the first invalid field.
func (c Config) Validate() error {
	if c.Segmenter == nil {
		return errors.New("enrich config: segmenter is nil")
	}
	if c.Keywords < 0 {
		return fmt.Errorf("enrich config: keywords %d is negative", c.Keywords)
	}
	if c.Workers < 0 {
		return fmt.Errorf("enrich config: workers %d is negative", c.Workers)
	}
	if c.ChainWeight < 0 || c.ChainWeight > 1 {
		return fmt.Errorf("enrich config: chain_weight %v not in [0, 1]", c.ChainWeight)
	}
	if len(c.Aspects) > 0 {
		if err := aspect.Validate(c.Aspects); err != nil {
			return fmt.Errorf("enrich config: %w", err)
		}
	}
	seen := map[string]bool{}
	for i, b := range c.Brands {
		name := strings.TrimSpace(b.Name)
		switch {
		case name == "":
			return fmt.Errorf("enrich config: brands[%d].name is empty", i)
		case seen[strings.ToLower(name)]:
			return fmt.Errorf("enrich config: brands[%d].name %q repeats another brand", i, b.Name)
		}
		seen[strings.ToLower(name)] = true
		for j, k := range b.Keywords {
			if strings.TrimSpace(k) == "" {
				return fmt.Errorf("enrich config: brands[%d].keywords[%d] is empty", i, j)
			}
		}
		if strings.TrimSpace(b.Query) != "" {
			if _, err := query.Parse(b.Query); err != nil {
				return fmt.Errorf("enrich config: brands[%d].query: %w", i, err)
			}
		}
		for j, c := range b.Channels {
			if !c.Valid() {
				return fmt.Errorf("enrich config: brands[%d].channels[%d] %q is not a known platform", i, j, c)
			}
		}
	}
	return nil
}
