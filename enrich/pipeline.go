package enrich

import (
	"cmp"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/enrich/aspect"
	"github.com/lingting/lingting/enrich/internal/index"
	"github.com/lingting/lingting/enrich/pii"
	"github.com/lingting/lingting/enrich/script"
	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/enrich/topic"
	"github.com/lingting/lingting/event"
)

// Pipeline enriches mentions. It is safe for concurrent use; Enrich holds no lock of its
// own (the segmenter takes a shared read lock).
type Pipeline struct {
	seg         *segment.Segmenter
	model       *sentiment.Model
	brands      *brandMatcher
	pii         *pii.Redactor
	aspectDet   *aspect.Detector
	idf         *topic.IDF
	t2s         *script.Converter
	keywords    int
	chainWeight float32
	workers     int
	now         func() time.Time
	metrics     *metrics
	log         *slog.Logger
}

// New validates cfg, adds the brand names and keywords to the segmenter's user dictionary,
// loads the embedded sentiment model when cfg.Model is nil, and registers the stage's
// metrics with reg (nil: none). log nil discards.
func New(cfg Config, reg prometheus.Registerer, log *slog.Logger) (*Pipeline, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{seg: cfg.Segmenter, model: cfg.Model, brands: newBrandMatcher(cfg.Brands), pii: pii.New(cfg.PIIKey), t2s: script.NewConverter(), now: cfg.Now, log: log}
	p.chainWeight = float32(cfg.ChainWeight)
	if cfg.ChainWeight == 0 {
		p.chainWeight = defaultChainWeight
	}
	p.workers = cfg.Workers
	if p.workers == 0 {
		p.workers = runtime.GOMAXPROCS(0)
	}
	if p.model == nil {
		m, err := sentiment.Load()
		if err != nil {
			return nil, fmt.Errorf("building enrich pipeline: %w", err)
		}
		p.model = m
	}
	if want := p.model.Meta().Segmenter; want != "" && !strings.HasSuffix(want, " "+p.seg.Mode().String()) {
		log.Warn("segmenter mode differs from the one the sentiment model was trained with; scores may be less accurate",
			"segmenter", p.seg.Mode().String(), "model", want)
	}
	if err := p.seg.AddWords(p.brands.words()...); err != nil {
		return nil, fmt.Errorf("building enrich pipeline: %w", err)
	}
	p.idf, p.keywords = cfg.IDF, cmp.Or(cfg.Keywords, defaultKeywords)
	if p.idf == nil {
		idf, err := topic.LoadIDF()
		if err != nil {
			return nil, fmt.Errorf("building enrich pipeline: %w", err)
		}
		p.idf = idf
	}
	var err error
	if p.aspectDet, err = aspect.New(cfg.Aspects); err != nil {
		return nil, fmt.Errorf("building enrich pipeline: %w", err)
	}
	if p.metrics, err = newMetrics(reg); err != nil {
		return nil, err
	}
	return p, nil
}

// Enrich fills m's enrichment fields (Lang, Hashtags, Mentions, URLs, Emoticons, Emoji,
// Tokens, Brands, Sentiment, Aspects, Keywords, SimHash, ClusterID, Spam, PII,
// EnrichedAt), replacing any earlier values, from m.Text.
// When the text holds personal data, m.Text becomes the normalised text with each piece
// replaced by a typed placeholder (pii.Placeholder) and m.PII gets their keyed hashes (the
// author's nickname is redacted the same way);
// otherwise m.Text is left as it is, like every other field. Enriching a mention again
// gives the same record: the placeholders are not read as words and the hashes of the
// earlier redaction are kept. Enrich never fails and gives the same result for the same
// mention. Lists that come out empty are nil.
func (p *Pipeline) Enrich(m *event.Mention) {
	start := time.Now()
	text := normalize(m.Text)
	earlier := m.PII
	again := pii.HasPlaceholder(text) || pii.HasPlaceholder(m.Author.Nickname)
	redacted, hashes := p.pii.Redact(text)
	if redacted != text {
		m.Text = redacted
	}
	text = pii.Blank(redacted) // placeholders, this redaction's or an earlier one's, are not words
	m.PII = hashes
	// Nicknames carry phone numbers too ("王姐13812345678"); they are stored as well.
	if nick, h := p.pii.Redact(m.Author.Nickname); len(h) > 0 || nick != m.Author.Nickname {
		m.Author.Nickname = nick
		m.PII = append(m.PII, h...)
	}
	if again {
		// Enriched before: the data behind the placeholders is gone, so its hashes stay.
		m.PII = unionHashes(earlier, m.PII)
	}
	text = truncate(text, MaxAnalyzedBytes)
	m.Lang = language(text)
	if m.Lang == LangZhHant {
		text = p.t2s.Simplified(text) // the dictionary, model and brand names are simplified
	}
	own, chain := splitRepost(text)
	xo, xc := extract(own), extract(chain)
	m.Hashtags = merged(xo.Hashtags, xc.Hashtags)
	m.Mentions = merged(xo.Mentions, xc.Mentions)
	m.URLs = merged(xo.URLs, xc.URLs)
	m.Emoticons = merged(xo.Emoticons, xc.Emoticons)
	m.Emoji = merged(xo.Emoji, xc.Emoji)
	buf := tokenPool.Get().(*tokenBuffers)
	defer buf.release()
	ownTok, chainTok := p.seg.AppendCut(buf.own[:0], xo.Rest), p.seg.AppendCut(buf.chain[:0], xc.Rest)
	buf.own, buf.chain = ownTok, chainTok
	m.Tokens = mergedWords(ownTok, chainTok)
	m.Brands = p.brands.match(m.Platform, brandParts(ownTok, chainTok, m.Hashtags, m.Mentions)...)
	m.Sentiment = p.sentiment(m.Lang, input(xo, ownTok), input(xc, chainTok))
	m.Aspects = nil
	if m.Lang != LangOther {
		m.Aspects = p.aspects(ownTok)
	}
	m.Keywords, m.SimHash = p.idf.KeywordsAndSimHash(ownTok, chainTok, p.keywords)
	m.ClusterID = clusterID(m, xo.Rest)
	m.Spam = spamScore(m, text)
	m.EnrichedAt = m.CreatedAt
	if p.now != nil {
		m.EnrichedAt = p.now().UTC()
	}
	p.metrics.enriched.Inc()
	p.metrics.sentiment.WithLabelValues(m.Sentiment.Label).Inc()
	p.metrics.duration.Observe(time.Since(start).Seconds())
}

// unionHashes returns a followed by the hashes of b not in a.
func unionHashes(a, b []event.PIIHash) []event.PIIHash {
	out := slices.Clip(a)
	for _, h := range b {
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// tokenBuffers hold a text's own and chain tokens while Enrich runs: every stage reads
// them and none keeps them (m.Tokens is a copy), so they are reused from tokenPool.
type tokenBuffers struct{ own, chain []string }

var tokenPool = sync.Pool{New: func() any { return new(tokenBuffers) }}

// release empties b (the tokens are the mention's text) and returns it to tokenPool,
// unless a long text grew it.
func (b *tokenBuffers) release() {
	if cap(b.own)+cap(b.chain) > 1<<14 {
		return
	}
	clear(b.own)
	clear(b.chain)
	tokenPool.Put(b)
}

// MaxAnalyzedBytes is how much of a text Enrich analyses: a longer text (a pasted
// article, a 1 MB line) is redacted and stored whole, but only its first 64 KiB are
// segmented, matched and scored, so that one huge record cannot stall a batch.
const MaxAnalyzedBytes = 64 << 10

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// brandParts lists the word lists brand matching looks at: the own words, the chain, and
// each hashtag and @handle as a one-word part.
func brandParts(own, chain, hashtags, handles []string) [][]string {
	parts := make([][]string, 0, 2+len(hashtags)+len(handles))
	parts = append(parts, own, chain)
	for _, h := range hashtags {
		parts = append(parts, []string{h})
	}
	for _, h := range handles {
		parts = append(parts, []string{h})
	}
	return parts
}

// mergedWords is merged(segment.Words(a), segment.Words(b)) without the two lists.
func mergedWords(a, b []string) []string { return mergedIf(a, b, segment.IsWord) }

// merged joins a and b without repeats, keeping order; nil when both are empty.
func merged(a, b []string) []string { return mergedIf(a, b, nil) }

// mergePool holds the sets mergedIf builds its lists in.
var mergePool = sync.Pool{New: func() any { return new(index.Strings) }}

// mergedIf is merged of the items of a and b that keep accepts (all when keep is nil).
// It tests each item once and allocates only the result.
func mergedIf(a, b []string, keep func(string) bool) []string {
	n := len(a) + len(b)
	if n == 0 {
		return nil
	}
	seen := mergePool.Get().(*index.Strings)
	seen.Reset(n)
	for _, list := range [2][]string{a, b} {
		for _, s := range list {
			if keep == nil || keep(s) {
				seen.Add(s)
			}
		}
	}
	var out []string
	if seen.Len() > 0 {
		out = append(make([]string, 0, seen.Len()), seen.Keys()...)
	}
	if n <= 1<<14 { // a long text's table is left to the collector
		seen.Reset(0) // drops the strings: they are the caller's
		mergePool.Put(seen)
	}
	return out
}
