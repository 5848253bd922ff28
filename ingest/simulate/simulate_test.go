package simulate

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/douyin"
	"github.com/lingting/lingting/ingest/wecom"
	"github.com/lingting/lingting/ingest/weibo"
	"gopkg.in/yaml.v3"
)

var parsers = ingest.Parsers{event.Weibo: weibo.Parse, event.Douyin: douyin.Parse, event.WeCom: wecom.Parse}

func newSource(t testing.TB, cfg Config) *Source {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fetch(t testing.TB, s *Source, idx int) ingest.Batch {
	t.Helper()
	b, err := s.Fetch(context.Background(), itoa(idx))
	if err != nil {
		t.Fatalf("Fetch(%d): %v", idx, err)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }

func encode(t testing.TB, b ingest.Batch) []byte {
	t.Helper()
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterminism(t *testing.T) {
	cfg := Config{Seed: 7, MalformedEvery: 50}
	a, b := newSource(t, cfg), newSource(t, cfg)
	const n = 200 // past the default crisis start (batch 120)
	seq := make([][]byte, n)
	for i := range n {
		seq[i] = encode(t, fetch(t, a, i))
		if got := encode(t, fetch(t, b, i)); string(got) != string(seq[i]) {
			t.Fatalf("batch %d differs between two sources with the same seed", i)
		}
	}
	for _, k := range []int{0, 1, 57, 125, n - 1} {
		fresh := newSource(t, cfg)
		if got := encode(t, fetch(t, fresh, k)); string(got) != string(seq[k]) {
			t.Errorf("batch %d fetched directly differs from batch %d fetched in sequence", k, k)
		}
	}
	other := newSource(t, Config{Seed: 8, MalformedEvery: 50})
	if string(encode(t, fetch(t, other, 125))) == string(seq[125]) {
		t.Error("seeds 7 and 8 gave the same batch")
	}
	if got := fetch(t, a, 41).Next; got != "42" {
		t.Errorf("Next after batch 41 = %q, want 42", got)
	}
}

// TestEveryEnvelopeParses fetches 31 simulated hours (both default crises included) and checks every
// envelope against its platform's real parser.
func TestEveryEnvelopeParses(t *testing.T) {
	s := newSource(t, Config{Seed: 3, Step: 10 * time.Minute})
	kinds := map[event.Kind]int{}
	for i := range 31 * 6 { // 31 hours: both default crises
		for _, raw := range fetch(t, s, i).Raws {
			kinds[raw.Kind]++
			checkEnvelope(t, s, raw)
		}
	}
	for _, k := range []event.Kind{event.Post, event.Repost, event.Comment, event.Chat, event.CustomerEvent} {
		if kinds[k] == 0 {
			t.Errorf("no %s envelope in 31 hours", k)
		}
	}
	t.Logf("envelopes by kind over 31 hours: %v", kinds)
}

func checkEnvelope(t *testing.T, s *Source, raw event.Raw) {
	t.Helper()
	if err := raw.Validate(); err != nil {
		t.Fatalf("envelope %s: %v", raw.ID, err)
	}
	if _, err := event.Encode(raw); err != nil {
		t.Fatalf("envelope %s does not encode: %v", raw.ID, err)
	}
	ms, err := parsers[raw.Platform](raw)
	if err != nil {
		t.Fatalf("envelope %s (%s) does not parse: %v\n%s", raw.ID, raw.Kind, err, raw.Payload)
	}
	if len(ms) == 0 {
		if raw.Kind != event.Chat {
			t.Fatalf("envelope %s (%s) holds no mention", raw.ID, raw.Kind)
		}
		return // a WeCom switch record
	}
	if ms[0].ID != raw.ID || ms[0].Kind != raw.Kind {
		t.Fatalf("envelope %s (%s) parsed to %s (%s)", raw.ID, raw.Kind, ms[0].ID, ms[0].Kind)
	}
	if ms[0].CreatedAt.After(raw.FetchedAt) {
		t.Fatalf("mention %s created %v after it was fetched %v", ms[0].ID, ms[0].CreatedAt, raw.FetchedAt)
	}
	for _, m := range ms {
		l, err := s.Label(m.ID)
		if err != nil {
			t.Fatalf("Label(%s): %v", m.ID, err)
		}
		if l.Sentiment != event.Positive && l.Sentiment != event.Negative && l.Sentiment != event.Neutral {
			t.Fatalf("Label(%s) sentiment %q", m.ID, l.Sentiment)
		}
	}
}

func TestSeasonality(t *testing.T) {
	s := newSource(t, Config{Seed: 1, Step: 10 * time.Minute, RatePerHour: 200, Crises: []Crisis{}})
	var night, evening int
	for i := range 7 * 24 * 6 { // one week
		items := s.plan(int64(i))
		switch h := s.cfg.Start.Add(time.Duration(i) * s.cfg.Step).In(beijing).Hour(); {
		case h >= 2 && h < 6:
			night += len(items)
		case h >= 19 && h < 23:
			evening += len(items)
		}
	}
	t.Logf("one week: %d mentions 02–06h, %d mentions 19–23h", night, evening)
	if evening < 5*night {
		t.Errorf("evening volume %d is not well above night volume %d", evening, night)
	}
}

func TestCrisis(t *testing.T) {
	s := newSource(t, Config{Seed: 2})
	c := s.cfg.Crises[0]
	start := s.cfg.Start.Add(c.Offset)
	type tally struct{ all, neg int }
	var in, out tally
	for i := range 24 * 60 { // the first day, one-minute batches
		for _, it := range s.plan(int64(i)) {
			if s.cfg.Brands[it.brand].Name != c.Brand {
				continue
			}
			tl := &out
			if !it.at.Before(start) && it.at.Before(start.Add(c.Duration)) {
				tl = &in
			}
			tl.all++
			if it.sentiment == event.Negative {
				tl.neg++
			}
		}
	}
	inShare, outShare := float64(in.neg)/float64(in.all), float64(out.neg)/float64(out.all)
	inRate := float64(in.all) / c.Duration.Minutes()
	outRate := float64(out.all) / (24*60 - c.Duration.Minutes())
	t.Logf("%s: crisis %d mentions (%.1f/min, %.0f%% negative); rest of day %d (%.2f/min, %.0f%% negative)",
		c.Brand, in.all, inRate, 100*inShare, out.all, outRate, 100*outShare)
	if inShare < 2*outShare || inShare < 0.6 {
		t.Errorf("crisis negative share %.2f is not well above the baseline %.2f", inShare, outShare)
	}
	if inRate < 5*outRate {
		t.Errorf("crisis rate %.1f/min is not well above the baseline %.2f/min", inRate, outRate)
	}
}

func TestTruth(t *testing.T) {
	s := newSource(t, Config{Seed: 4})
	tr := s.Truth()
	if len(tr.Persons) != 2000 {
		t.Fatalf("Truth holds %d persons, want 2000", len(tr.Persons))
	}
	owner := map[string]string{}
	multi := 0
	for p, accts := range tr.Persons {
		if len(accts) == 0 {
			t.Errorf("person %s has no account", p)
		}
		if len(accts) > 1 {
			multi++
		}
		for _, a := range accts {
			if o, dup := owner[a]; dup {
				t.Errorf("account %s belongs to %s and %s", a, o, p)
			}
			owner[a] = p
		}
	}
	t.Logf("%d persons, %d on two or three platforms, %d namesakes, %d nickname changes",
		len(tr.Persons), multi, tr.Namesakes, tr.NicknameChanges)
	if multi < len(tr.Persons)/5 || tr.Namesakes == 0 || tr.NicknameChanges == 0 {
		t.Errorf("population lacks cross-platform persons or traps")
	}
	for i := range 30 { // every person-authored mention's account is in the truth
		for _, raw := range fetch(t, s, 600+i).Raws {
			ms, _ := parsers[raw.Platform](raw)
			for _, m := range ms {
				staff := m.Platform == event.WeCom && !wecom.IsCustomer(m.Author.NativeID, m.NativeID)
				if _, ok := owner[m.Author.ID]; !ok && !staff {
					t.Fatalf("author %s of %s is not in the truth", m.Author.ID, m.ID)
				}
			}
		}
	}
}

func TestMalformed(t *testing.T) {
	s := newSource(t, Config{Seed: 5, Step: 10 * time.Minute, MalformedEvery: 10})
	var total, bad int
	for i := range 100 {
		for _, raw := range fetch(t, s, i).Raws {
			total++
			if err := raw.Validate(); err != nil {
				t.Fatalf("malformed envelope is not a valid envelope: %v", err)
			}
			if _, err := event.Encode(raw); err != nil {
				t.Fatalf("malformed envelope does not encode: %v", err)
			}
			if _, err := parsers[raw.Platform](raw); err != nil {
				bad++
			}
		}
	}
	t.Logf("%d of %d envelopes failed to parse with MalformedEvery=10", bad, total)
	if share := float64(bad) / float64(total); share < 0.06 || share > 0.14 {
		t.Errorf("malformed share %.3f, want about 0.1", share)
	}
}

func TestFetchErrors(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSource(t, Config{Start: start, End: start.Add(time.Hour), Crises: []Crisis{}})
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		cursor string
		want   error
	}{
		{"first", ctx, "", nil},
		{"last", ctx, "59", nil},
		{"past end", ctx, "60", ingest.ErrDone},
		{"not a number", ctx, "abc", ingest.ErrPermanent},
		{"negative", ctx, "-1", ingest.ErrPermanent},
		{"cancelled", cancelled, "1", context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Fetch(tt.ctx, tt.cursor)
			if !errors.Is(err, tt.want) && !(tt.want == nil && err == nil) {
				t.Errorf("Fetch(%q) error = %v, want %v", tt.cursor, err, tt.want)
			}
		})
	}
}

func TestLabelUnknown(t *testing.T) {
	s := newSource(t, Config{})
	for _, id := range []string{"", "weibo:123", "douyin:@AAAA", "wecom:a:b:c:d", "weibo:4000000000004095", "wecom:4999999999999999_1_external"} {
		if _, err := s.Label(id); !errors.Is(err, ErrUnknownMention) {
			t.Errorf("Label(%q) error = %v, want ErrUnknownMention", id, err)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; empty for valid
	}{
		{"defaults", Config{}, ""},
		{"step", Config{Step: time.Millisecond}, "step"},
		{"end before start", Config{Start: time.Unix(100, 0), End: time.Unix(50, 0)}, "end"},
		{"rate", Config{RatePerHour: -1}, "rate_per_hour"},
		{"persons", Config{Persons: 10}, "persons"},
		{"brand name", Config{Brands: []Brand{{Products: []string{"x"}}}, Crises: []Crisis{}}, "brands[0].name"},
		{"brand products", Config{Brands: []Brand{{Name: "x"}}, Crises: []Crisis{}}, "brands[0].products"},
		{"crisis brand", Config{Crises: []Crisis{{Brand: "nobody", Topic: "t", Headline: "h", Duration: time.Minute}}}, "crises[0].brand"},
		{"crisis duration", Config{Crises: []Crisis{{Brand: "澜肌", Topic: "t", Headline: "h"}}}, "crises[0].duration"},
		{"crisis share", Config{Crises: []Crisis{{Brand: "澜肌", Topic: "t", Headline: "h", Duration: time.Minute, NegativeShare: 2}}}, "negative_share"},
		{"malformed", Config{MalformedEvery: -1}, "malformed_every"},
		{"too busy", Config{RatePerHour: 1e6}, "rate_per_hour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.want)
			}
		})
	}
}

// BenchmarkFetch measures generation speed over a busy simulated evening.
func BenchmarkFetch(b *testing.B) {
	s := newSource(b, Config{Seed: 1, Step: 10 * time.Minute})
	ctx := context.Background()
	envelopes := 0
	b.ResetTimer()
	for i := range b.N {
		batch, err := s.Fetch(ctx, itoa(66+i%18)) // 19:00–22:00 of day one (Start is 08:00)
		if err != nil {
			b.Fatal(err)
		}
		envelopes += len(batch.Raws)
	}
	b.ReportMetric(float64(envelopes)/b.Elapsed().Seconds(), "envelopes/s")
}

func TestConfigYAML(t *testing.T) {
	const doc = `
seed: 42
start: 2026-05-01T08:00:00+08:00
step: 30s
rate_per_hour: 1200
malformed_every: 100
crises:
  - brand: 澜肌
    topic: 澜肌过敏
    headline: 用了澜肌精华满脸过敏
    offset: 2h
    duration: 20m
`
	var cfg Config
	if err := yaml.Unmarshal([]byte(doc), &cfg); err != nil {
		t.Fatal(err)
	}
	s := newSource(t, cfg)
	got := s.Config()
	if got.Seed != 42 || got.Step != 30*time.Second || got.RatePerHour != 1200 || got.MalformedEvery != 100 ||
		len(got.Brands) != 5 || len(got.Crises) != 1 || got.Crises[0].Offset != 2*time.Hour ||
		got.Crises[0].Multiplier != 15 || !got.Start.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("decoded config = %+v", got)
	}
}

// TestLabelWhileFetching exercises Label and Fetch from two goroutines (run with -race).
func TestLabelWhileFetching(t *testing.T) {
	s := newSource(t, Config{Seed: 9})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 100 {
			if _, err := s.Fetch(context.Background(), itoa(i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	other := newSource(t, Config{Seed: 9})
	for i := range 100 {
		for _, raw := range fetch(t, other, 300+i).Raws {
			if _, err := s.Label(raw.ID); err != nil {
				t.Fatalf("Label(%s): %v", raw.ID, err)
			}
		}
	}
	<-done
}

// TestIdentityEvidence checks that multi-platform persons carry identity evidence, and that
// the phone numbers written in the traffic are valid mainland mobile numbers and each
// belongs to one person.
func TestIdentityEvidence(t *testing.T) {
	s := newSource(t, Config{Seed: 6, Step: 10 * time.Minute})
	ev := s.Truth().Evidence
	t.Log(ev)
	if ev.MultiPlatform == 0 || ev.RelatedNicknames < ev.MultiPlatform*3/4 || ev.Phone == 0 || ev.Email == 0 || ev.Handle == 0 {
		t.Errorf("evidence too thin: %v", ev)
	}
	phoneRE := regexp.MustCompile(`(?:\+86 )?1[3-9]\d(?:[ -]?\d{4}){2}`)
	owner := map[string]string{}
	texts := map[string]int{}
	for i := range 6 * 24 {
		for _, raw := range fetch(t, s, i).Raws {
			ms, _ := parsers[raw.Platform](raw)
			for _, m := range ms {
				for _, k := range []string{"手机", "电话", "邮箱", "资料发到", "微博叫", "微博是", "微博ID", "抖音号", "抖音叫"} {
					if strings.Contains(m.Text, k) && m.Kind != event.Post {
						texts[k]++
					}
				}
				for _, p := range phoneRE.FindAllString(m.Text, -1) {
					d := strings.NewReplacer(" ", "", "-", "", "+86", "").Replace(p)
					if o, ok := owner[d]; ok && o != m.Author.ID {
						// the same person's other account is fine; a different person is not
						if tr := s.Truth(); personOf(tr, o) != personOf(tr, m.Author.ID) {
							t.Errorf("phone %s written by %s and %s", d, o, m.Author.ID)
						}
					}
					owner[d] = m.Author.ID
				}
			}
		}
	}
	t.Logf("evidence texts in one day: %v; %d distinct phone numbers", texts, len(owner))
	if len(owner) == 0 || texts["邮箱"]+texts["资料发到"] == 0 || texts["微博叫"]+texts["微博是"]+texts["微博ID"] == 0 || texts["抖音号"]+texts["抖音叫"] == 0 {
		t.Errorf("some kind of evidence never appears in a day: %v", texts)
	}
}

func personOf(tr Truth, account string) string {
	for p, ids := range tr.Persons {
		for _, id := range ids {
			if id == account {
				return p
			}
		}
	}
	return ""
}
