package alert

import (
	"fmt"
	"time"

	"github.com/lingting/lingting/event"
)

// volumeAt judges minute m of s against its baseline: hot (a spike), elevated (not yet
// calm) and the numbers.
func (e *Engine) volumeAt(s *series, m int64, r VolumeRule) (hot, elevated bool, z float64, nums map[string]float64) {
	med, mad, seasonalOK, ok := s.volBaseline(m, e.cfg.Warmup)
	if !ok {
		return false, false, 0, nil
	}
	x := float64(s.get(m).neg)
	z, sigma := robustZ(x, med, mad)
	hot = x >= float64(r.MinCount) && z >= r.Z
	elevated = x >= float64(r.MinCount)/2 && z >= r.Z/2
	src := 0.0
	if seasonalOK {
		src = 1
	}
	nums = map[string]float64{"negative": x, "baseline_median": med, "baseline_mad": mad,
		"sigma": sigma, "z": z, "seasonal": src, "persistence": float64(r.Persistence)}
	return hot, elevated, z, nums
}

// checkVolume fires the volume alert of s when the Persistence minutes ending at m are hot.
func (e *Engine) checkVolume(s *series, m int64, trig *event.Mention) {
	r := e.rules(s.brand).Volume
	key := dedupKey(RuleVolume, s.brand, s.ch, "")
	if r.Off {
		return
	}
	hot, _, z, nums := e.volumeAt(s, m, r)
	if !hot {
		return
	}
	for k := m - 1; k > m-int64(r.Persistence); k-- {
		if h, _, _, _ := e.volumeAt(s, k, r); !h {
			return
		}
	}
	sev := Warning
	if z >= r.CriticalZ {
		sev = Critical
	}
	start := time.Unix((m-int64(r.Persistence)+1)*60, 0).UTC()
	e.trigger(trigger{rule: RuleVolume, key: key, brand: s.brand, ch: s.ch, sev: sev, at: start, nums: nums,
		trig: trig, summary: fmt.Sprintf("%s: %.0f negative mentions a minute%s, baseline %.1f (z %.1f)",
			s.brand, nums["negative"], onChannel(s.ch), nums["baseline_median"], z)})
}

// shareAt judges the negative share of the window ending at minute m.
func (e *Engine) shareAt(s *series, m int64, r ShareRule) (hot, elevated bool, nums map[string]float64) {
	p0, n0 := s.day.share()
	if n0 < r.MinBaseline || s.closed < e.cfg.Warmup {
		return false, false, nil
	}
	neg, all := s.window(m, r.Window)
	if all < r.MinMentions {
		return false, false, nil
	}
	lo := wilsonLower(neg, all, r.Z)
	hot = lo >= p0+r.Lift
	elevated = lo >= p0+r.Lift/2
	nums = map[string]float64{"negative": float64(neg), "mentions": float64(all),
		"share": float64(neg) / float64(all), "share_lower_bound": lo, "baseline_share": p0,
		"window_minutes": float64(r.Window)}
	return hot, elevated, nums
}

// checkShare fires the share alert of s when the Persistence windows ending at m are hot.
func (e *Engine) checkShare(s *series, m int64, trig *event.Mention) {
	r := e.rules(s.brand).Share
	if r.Off {
		return
	}
	hot, _, nums := e.shareAt(s, m, r)
	if !hot {
		return
	}
	for k := m - 1; k > m-int64(r.Persistence); k-- {
		if h, _, _ := e.shareAt(s, k, r); !h {
			return
		}
	}
	sev := Warning
	if nums["share_lower_bound"] >= nums["baseline_share"]+2*r.Lift {
		sev = Critical
	}
	start := time.Unix((m-int64(r.Persistence)-int64(r.Window)+2)*60, 0).UTC()
	e.trigger(trigger{rule: RuleShare, key: dedupKey(RuleShare, s.brand, s.ch, ""), brand: s.brand, ch: s.ch,
		sev: sev, at: start, nums: nums, trig: trig,
		summary: fmt.Sprintf("%s: %.0f%% negative over %d min%s (%.0f of %.0f), usually %.0f%%", s.brand,
			100*nums["share"], r.Window, onChannel(s.ch), nums["negative"], nums["mentions"], 100*nums["baseline_share"])})
}

// closeSeries learns closed minute k of s and resolves its spike alerts once calm.
func (e *Engine) closeSeries(s *series, k int64, end time.Time) {
	r := e.rules(s.brand)
	vk, sk := dedupKey(RuleVolume, s.brand, s.ch, ""), dedupKey(RuleShare, s.brand, s.ch, "")
	_, volFiring := e.active[vk]
	_, shareFiring := e.active[sk]
	if !volFiring {
		s.volCalm = 0
	}
	if !shareFiring {
		s.shareCalm = 0
	}
	if volFiring {
		_, elevated, _, _ := e.volumeAt(s, k, r.Volume)
		s.volCalm = calm(s.volCalm, elevated)
		if s.volCalm >= e.cfg.ResolveAfter {
			e.resolve(vk, end)
		}
	}
	if shareFiring {
		_, elevated, _ := e.shareAt(s, k, r.Share)
		s.shareCalm = calm(s.shareCalm, elevated)
		if s.shareCalm >= e.cfg.ResolveAfter {
			e.resolve(sk, end)
		}
	}
	s.learn(k, volFiring, shareFiring, r.Volume.Alpha)
}

func calm(n int, elevated bool) int {
	if elevated {
		return 0
	}
	return n + 1
}

func onChannel(ch event.Platform) string {
	if ch == "" {
		return ""
	}
	return " on " + string(ch)
}
