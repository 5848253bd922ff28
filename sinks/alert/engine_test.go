package alert

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lingting/lingting/event"
)

var t0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// traffic is a synthetic stream: per minute, all mentions of brand "B" on weibo and how
// many of them are negative.
type traffic struct {
	minutes  int
	all, neg func(min int) int
}

func (tr traffic) mentions(seed uint64) [][]event.Mention {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([][]event.Mention, tr.minutes)
	n := 0
	for m := range tr.minutes {
		all, neg := tr.all(m), tr.neg(m)
		for i := range max(all, neg) {
			label, score := event.Neutral, float32(0)
			if i < neg {
				label, score = event.Negative, -0.8
			}
			at := t0.Add(time.Duration(m)*time.Minute + time.Duration(r.Int64N(int64(time.Minute))))
			n++
			out[m] = append(out[m], event.Mention{ID: fmt.Sprintf("weibo:%d", n), Platform: event.Weibo,
				Kind: event.Post, CreatedAt: at, Brands: []string{"B"}, Text: "难喝 退钱",
				Tokens: []string{"难喝", "退钱"}, Sentiment: event.Sentiment{Label: label, Score: score}})
		}
	}
	return out
}

func poissonish(r *rand.Rand, mean float64) int {
	n := 0
	for range 20 {
		if r.Float64() < mean/20 {
			n++
		}
	}
	return n
}

func run(t *testing.T, cfg Config, batches [][]event.Mention) []Alert {
	t.Helper()
	e, err := NewEngine(cfg, func() time.Time { return t0.Add(30 * 24 * time.Hour) }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []Alert
	for _, b := range batches {
		e.Observe(b)
		p := e.Pending()
		out = append(out, p...)
		e.Ack(len(p))
	}
	return out
}

func TestVolumeSpike(t *testing.T) {
	noise := rand.New(rand.NewPCG(7, 7))
	base := func(int) int { return 10 }
	baseNeg := func(int) int { return poissonish(noise, 1) }
	spikeAt := func(from int) func(int) int {
		return func(m int) int {
			if m >= from && m < from+10 {
				return 25
			}
			return poissonish(noise, 1)
		}
	}
	tests := []struct {
		name      string
		tr        traffic
		wantFire  bool
		wantStart time.Time
	}{
		{"noise only", traffic{240, base, baseNeg}, false, time.Time{}},
		{"spike before warm-up", traffic{60, base, spikeAt(20)}, false, time.Time{}},
		{"spike after warm-up", traffic{200, base, spikeAt(120)}, true, t0.Add(120 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Defaults: Rules{Share: ShareRule{Off: true}}}
			alerts := run(t, cfg, tt.tr.mentions(1))
			var fired, resolved []Alert
			for _, a := range alerts {
				if a.Rule != RuleVolume || a.Channel != "" {
					continue
				}
				if a.Status == Firing && a.Version == 1 {
					fired = append(fired, a)
				}
				if a.Status == Resolved {
					resolved = append(resolved, a)
				}
			}
			if !tt.wantFire {
				if len(fired) > 0 {
					t.Fatalf("fired %d alerts, want none: %+v", len(fired), fired[0])
				}
				return
			}
			if len(fired) != 1 || len(resolved) != 1 {
				t.Fatalf("fired %d, resolved %d; want 1 and 1", len(fired), len(resolved))
			}
			a := fired[0]
			if !a.StartsAt.Equal(tt.wantStart) {
				t.Errorf("starts at %v, want %v", a.StartsAt, tt.wantStart)
			}
			if len(a.Evidence.Mentions) == 0 || a.Evidence.Channels["weibo"] == 0 || len(a.Evidence.Terms) == 0 {
				t.Errorf("evidence incomplete: %+v", a.Evidence)
			}
			if a.Numbers["z"] < 4 || a.Trigger == "" {
				t.Errorf("numbers %v trigger %q", a.Numbers, a.Trigger)
			}
			if r := resolved[0]; r.ID != a.ID || r.EndsAt.Before(t0.Add(130*time.Minute)) || r.Version < 2 {
				t.Errorf("resolved %+v", r)
			}
		})
	}
}

func TestRedeliveryCountsOnce(t *testing.T) {
	noise := rand.New(rand.NewPCG(3, 3))
	tr := traffic{200, func(int) int { return 10 }, func(m int) int {
		if m >= 120 && m < 125 {
			return 3 // below min_count once, above it if counted twice
		}
		return poissonish(noise, 0.5)
	}}
	batches := tr.mentions(2)
	var twice [][]event.Mention
	for _, b := range batches {
		twice = append(twice, b, b)
	}
	for _, a := range run(t, Config{}, twice) {
		if a.Rule == RuleVolume {
			t.Fatalf("a redelivered batch fired %+v", a)
		}
	}
}
