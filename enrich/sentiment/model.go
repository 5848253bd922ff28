package sentiment

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/lingting/lingting/enrich/internal/index"
)

// NeutralThreshold: a score s with |s| < NeutralThreshold is labelled neutral. 0.25
// corresponds to a model probability of positive between 0.375 and 0.625.
const NeutralThreshold = 0.25

// Labels, the same strings as event.Positive, event.Negative and event.Neutral.
const (
	LabelPositive = "positive"
	LabelNegative = "negative"
	LabelNeutral  = "neutral"
)

//go:embed model.bin
var embedded []byte

// Model is a trained linear model over hashed features. It is read-only and safe for
// concurrent use.
type Model struct {
	cfg  FeatureConfig
	meta Meta
	w    []float32 // 2^cfg.Bits weights
	// q and lut hold a model read from a file, whose weights are int8 times a scale:
	// w[i] == lut[q[i]]. Scoring reads them (1 MB instead of 4 MB of weights, so far
	// fewer cache misses); nil for a model being trained.
	q    []uint8
	lut  *[256]float32
	bias float32
	mask uint32
	pool *sync.Pool // of *scratch
	// prefixHash is bucket's FNV state after the seed, a prefix's name and the
	// separator, by prefix.
	prefixHash [numPrefixes]uint64
}

// Contribution is one feature's share of a score's logit.
type Contribution struct {
	Feature string  // e.g. "w:好吃", "NEG_好吃", "c:不错", "e:哈哈", "bias"
	Weight  float32 // what it adds to the logit: its weight times its value
}

// Load returns the model embedded in this build (model.bin, produced by
// `lingting train sentiment`). Each call decodes a fresh copy (about 4 MB); keep one.
func Load() (*Model, error) {
	m, err := ReadModel(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("loading embedded sentiment model: %w", err)
	}
	return m, nil
}

func newModel(cfg FeatureConfig, meta Meta) *Model {
	n := 1 << cfg.Bits
	m := &Model{cfg: cfg, meta: meta, w: make([]float32, n), mask: uint32(n - 1), pool: newIndexPool()}
	for p, name := range prefixNames {
		m.prefixHash[p] = m.startHash(name)
	}
	return m
}

// Config returns the feature configuration the model was trained with.
func (m *Model) Config() FeatureConfig { return m.cfg }

// Meta returns what the model file records about its training.
func (m *Model) Meta() Meta { return m.meta }

// Logit returns the model's log-odds that in is positive. It allocates little and is the
// fast path; Score also explains.
func (m *Model) Logit(in Input) float32 {
	return m.logit(m.indices(in, nil))
}

// logit is the log-odds of a text with the given feature buckets.
func (m *Model) logit(idx []uint32) float32 {
	var z float32
	if m.q != nil {
		for _, i := range idx {
			z += m.lut[m.q[i]]
		}
	} else {
		for _, i := range idx {
			z += m.w[i]
		}
	}
	return m.bias + z*m.featureScale(len(idx))
}

// weight is the weight of bucket i.
func (m *Model) weight(i uint32) float32 {
	if m.q != nil {
		return m.lut[m.q[i]]
	}
	return m.w[i]
}

// featureScale is the value of each of n features of a text: 1, or 1/sqrt(n) under
// FeatureConfig.Normalize.
func (m *Model) featureScale(n int) float32 {
	if !m.cfg.Normalize || n == 0 {
		return 1
	}
	return float32(1 / math.Sqrt(float64(n)))
}

// Score returns the polarity of in in [-1, 1] (> 0 positive), tanh(logit/2), and the five
// features that moved it most, largest magnitude first.
func (m *Model) Score(in Input) (float32, []Contribution) {
	seen := map[uint32]bool{}
	all := []Contribution{{Feature: biasFeature, Weight: m.bias}}
	features(m.cfg, in, func(p prefix, name string) {
		i := m.bucket(p, name)
		if !seen[i] {
			seen[i] = true
			all = append(all, Contribution{Feature: p.String() + name, Weight: m.weight(i)})
		}
	})
	idx := make([]uint32, 0, len(seen))
	for i := range seen {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	z := m.logit(idx) // the same arithmetic as Logit
	scale := m.featureScale(len(idx))
	for i := 1; i < len(all); i++ {
		all[i].Weight *= scale
	}
	sort.SliceStable(all, func(a, b int) bool {
		return math.Abs(float64(all[a].Weight)) > math.Abs(float64(all[b].Weight))
	})
	return ScoreOf(z), all[:min(5, len(all))]
}

// ScoreOf maps a logit to a polarity score in [-1, 1]: tanh(logit/2) = 2·sigmoid(logit)−1.
func ScoreOf(logit float32) float32 {
	return float32(math.Tanh(float64(logit) / 2))
}

// LabelOf names the label of a score: neutral when |score| < NeutralThreshold.
func LabelOf(score float32) string {
	switch {
	case score >= NeutralThreshold:
		return LabelPositive
	case score <= -NeutralThreshold:
		return LabelNegative
	}
	return LabelNeutral
}

// scratch holds one goroutine's buffers for scoring.
type scratch struct {
	idx, tmp []uint32
	words    []wordEmit
	// terms numbers wordTerms' words ([0]) and negated words ([1]); termOf maps a
	// number to the word's place in termBuf and own. Empty between calls.
	terms   [2]index.Strings
	termOf  [2][]int
	termBuf []Term      // wordTerms' output, reused
	own     []ownWeight // by term
	bigram  []byte
}

// indices returns dst (its contents replaced) holding the sorted, de-duplicated buckets
// of in's features.
func (m *Model) indices(in Input, dst []uint32) []uint32 {
	sc := m.pool.Get().(*scratch)
	dst = m.indicesOf(sc, in, dst, nil)
	m.pool.Put(sc)
	return dst
}

// indicesOf is indices sorting with sc.tmp, and appending the word features (not
// bigrams) to *words unless words is nil.
func (m *Model) indicesOf(sc *scratch, in Input, dst []uint32, words *[]wordEmit) []uint32 {
	dst = dst[:0]
	m.featureBuckets(in, func(b uint32) { dst = append(dst, b) }, words, &sc.bigram)
	sc.tmp = sortBuckets(dst, sc.tmp, m.cfg.Bits)
	return slices.Compact(dst)
}

// bucket hashes a feature with FNV-1a (64 bit) started from the model's seed: the seed,
// the prefix's name, a 0xff separator, the name.
func (m *Model) bucket(p prefix, name string) uint32 {
	return m.finish(hashMore(m.prefixHash[p], name))
}

const fnvPrime = 1099511628211

// startHash is bucket's state after the seed, a prefix's name and the separator.
func (m *Model) startHash(prefixName string) uint64 {
	h := hashMore(uint64(14695981039346656037)^(m.cfg.Seed*fnvPrime), prefixName)
	return (h ^ 0xff) * fnvPrime
}

// hashMore feeds s to the FNV-1a state h.
func hashMore(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// finish maps an FNV state to a bucket.
func (m *Model) finish(h uint64) uint32 { return uint32(h^(h>>32)) & m.mask }

func newIndexPool() *sync.Pool {
	return &sync.Pool{New: func() any { return &scratch{idx: make([]uint32, 0, 1024), tmp: make([]uint32, 0, 1024)} }}
}

// Bias returns the logit of an input with no features.
func (m *Model) Bias() float32 { return m.bias }
