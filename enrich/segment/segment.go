package segment

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/lingting/lingting/enrich/internal/fold"
)

// Mode selects gse's cutting algorithm.
type Mode int

// Cutting modes, with speed per goroutine on Weibo-length text measured in ARCHITECTURE.md.
const (
	// DAG is gse's Cut(s, false): dictionary DAG with maximum-probability route, no HMM for
	// unknown words (gse itself: about 14.5k sentences/s). The default. Segmenter cuts
	// it with its own copy of gse's dictionary (dag.go), giving gse's tokens byte for byte
	// at about 200k/s (BenchmarkCutReviews: 4-5 µs per review).
	DAG Mode = iota
	// HMM is gse's Cut(s, true): DAG plus an HMM that joins unknown words (about 10.6k/s);
	// it glues symbols into tokens.
	HMM
	// Shortest is gse's Cut(s): shortest-path segmentation (about 49k/s).
	Shortest
)

// String names the mode as in model files: "dag", "hmm" or "shortest".
func (m Mode) String() string {
	switch m {
	case DAG:
		return "dag"
	case HMM:
		return "hmm"
	case Shortest:
		return "shortest"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// UserWordFreq is the frequency given to user-dictionary words (brand names and keywords):
// far above any dictionary entry, so a configured name is never split.
const UserWordFreq = 1e7

// Segmenter cuts text into words. It is safe for concurrent use; AddWords takes a write
// lock, so it is best called before traffic starts.
type Segmenter struct {
	mu   sync.RWMutex
	gse  gse.Segmenter
	mode Mode
	user []string   // every word AddWords added, to re-check after each call
	dag  *dagCutter // DAG mode's cutter over a copy of gse's dictionary
}

// Load builds a Segmenter over gse's embedded simplified-Chinese dictionary ("zh_s"). It
// takes about 2 s and 130 MB: call it once per process and share the result.
func Load(mode Mode) (*Segmenter, error) {
	if mode < DAG || mode > Shortest {
		return nil, fmt.Errorf("loading segmenter: unknown mode %d", mode)
	}
	s := &Segmenter{mode: mode}
	s.gse.SkipLog = true
	if err := s.gse.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("loading gse dictionary zh_s: %w", err)
	}
	if s.gse.Dict == nil || s.gse.Dict.NumTokens() == 0 {
		// A build with -tags ne loads an empty dictionary without an error.
		return nil, fmt.Errorf("loading gse dictionary zh_s: dictionary is empty (built with -tags ne?)")
	}
	if mode == DAG {
		s.dag = newDAGCutter(s.gse.Dict)
	}
	return s, nil
}

// Mode returns the cutting mode s was loaded with.
func (s *Segmenter) Mode() Mode { return s.mode }

// AddWords puts words into the user dictionary with UserWordFreq, lowercased as gse
// compares them. A word already in the dictionary with a lower frequency is re-added.
// Words that are empty or hold whitespace are skipped. AddWords is idempotent.
//
// Words are added shortest first: gse's trie loses a longer word's entry when one of its
// prefixes is added after it ("驰远汽车" then "驰远" leaves "驰远汽车" cut in two).
// In DAG mode the dictionary's own words survive too: gse's trie drops "送餐费" when
// "送餐" is added, and Cut still keeps it whole (gse's Cut does not).
func (s *Segmenter) AddWords(words ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	clean := make([]string, 0, len(words))
	for _, w := range words {
		w = fold.Lower(fold.TrimSpace(w))
		if w != "" && strings.IndexFunc(w, unicode.IsSpace) < 0 {
			clean = append(clean, w)
		}
	}
	slices.SortStableFunc(clean, func(a, b string) int {
		return utf8.RuneCountInString(a) - utf8.RuneCountInString(b)
	})
	for _, w := range clean {
		if err := s.addWord(w); err != nil {
			return fmt.Errorf("adding user word %q: %w", w, err)
		}
	}
	s.user = append(s.user, clean...)
	// A word of an earlier call may still have lost its entry to a prefix added now.
	for _, w := range s.user {
		if err := s.addWord(w); err != nil {
			return fmt.Errorf("re-adding user word %q: %w", w, err)
		}
	}
	if s.dag != nil {
		keys := make([]string, len(s.user))
		for i, w := range s.user {
			tok := s.gse.ToToken(w, UserWordFreq)
			keys[i] = tok.Text() // the key gse's trie holds
		}
		s.dag.addUser(s.gse.Dict, keys)
	}
	return nil
}

func (s *Segmenter) addWord(w string) error {
	freq, _, ok := s.gse.Find(w)
	switch {
	case !ok:
		return s.gse.AddToken(w, UserWordFreq, "nz")
	case freq < UserWordFreq:
		return s.gse.ReAddToken(w, UserWordFreq, "nz")
	}
	return nil
}

// Cut returns gse's tokens of text in order, lowercased (gse lowercases Latin text),
// punctuation and whitespace tokens included: sentiment features use punctuation as clause
// boundaries. Words filters them out.
func (s *Segmenter) Cut(text string) []string { return s.AppendCut(nil, text) }

// AppendCut appends Cut(text) to dst and returns the extended slice, so that a caller
// can reuse one slice for many texts.
func (s *Segmenter) AppendCut(dst []string, text string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch s.mode {
	case HMM:
		return appendTokens(dst, s.gse.Cut(text, true))
	case Shortest:
		return appendTokens(dst, s.gse.Cut(text))
	default:
		return s.dag.cut(dst, text) // gse's Cut(text, false), faster
	}
}

// appendTokens is append(dst, tokens...), tokens themselves when dst is nil.
func appendTokens(dst, tokens []string) []string {
	if dst == nil {
		return tokens
	}
	return append(dst, tokens...)
}

// Words returns the tokens that hold at least one letter or digit, in order, in a new
// slice: whitespace, punctuation and symbol tokens are dropped.
func Words(tokens []string) []string {
	out := make([]string, 0, len(tokens))
	for _, t := range tokens {
		if IsWord(t) {
			out = append(out, t)
		}
	}
	return out
}

// IsWord reports whether t holds at least one letter or digit.
func IsWord(t string) bool {
	if fold.StartsWithHan(t) {
		return true
	}
	for _, r := range t {
		if fold.IsHan(r) || unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}
