package alert

import (
	"errors"
	"fmt"
	"time"
)

// Config configures an Engine. Zero fields take the defaults stated on them.
type Config struct {
	// Defaults are the rules of every brand without its own entry in Brands.
	Defaults Rules `yaml:"defaults"`
	// Brands override Defaults per brand (by enrich brand name); a nil rule keeps the
	// default one.
	Brands []BrandRules `yaml:"brands"`
	// Lateness is how long after the newest CreatedAt seen a minute stays open for late
	// mentions. Default 1m.
	Lateness time.Duration `yaml:"lateness"`
	// Warmup is how many closed minutes the trailing baseline needs before it may judge
	// anything: no alert comes from an emptier baseline. Default 60.
	Warmup int `yaml:"warmup_minutes"`
	// ResolveAfter is how many calm closed minutes resolve a spike alert. Default 5.
	ResolveAfter int `yaml:"resolve_after_minutes"`
	// Cooldown is how long after an alert resolved the same dedup key stays quiet
	// (triggers are counted and dropped). Default 30m.
	Cooldown time.Duration `yaml:"cooldown"`
	// Hold is how long a one-off alert (high reach, compliance) stays firing after its
	// last trigger, in event time. Default 1h.
	Hold time.Duration `yaml:"hold"`
	// IdleAfter: when no mention arrived for this long (wall clock), Tick lets event time
	// follow the wall clock so quiet streams still resolve. Default 2m.
	IdleAfter time.Duration `yaml:"idle_after"`
}

// BrandRules are one brand's rules.
type BrandRules struct {
	Name       string          `yaml:"name"`
	Volume     *VolumeRule     `yaml:"volume"`
	Share      *ShareRule      `yaml:"share"`
	Reach      *ReachRule      `yaml:"reach"`
	PileOn     *PileOnRule     `yaml:"pile_on"`
	Compliance *ComplianceRule `yaml:"compliance"`
}

// Rules are the detector settings of one brand.
type Rules struct {
	Volume     VolumeRule     `yaml:"volume"`
	Share      ShareRule      `yaml:"share"`
	Reach      ReachRule      `yaml:"reach"`
	PileOn     PileOnRule     `yaml:"pile_on"`
	Compliance ComplianceRule `yaml:"compliance"`
}

// VolumeRule is the negative-volume spike: negative mentions per minute against the
// seasonal baseline (same hour of week, median and MAD, EWMA over weeks; the trailing
// hour until a week of history exists).
type VolumeRule struct {
	Off bool `yaml:"off"`
	// MinCount is the fewest negative mentions in a minute that can count as a spike.
	// Default 5.
	MinCount int `yaml:"min_count"`
	// Z is the deviation, in robust standard deviations (1.4826·MAD, at least √median
	// and 1), that makes a minute hot. Default 5.
	Z float64 `yaml:"z"`
	// CriticalZ makes the alert critical. Default 12.
	CriticalZ float64 `yaml:"critical_z"`
	// Persistence is how many consecutive hot minutes fire. Default 2.
	Persistence int `yaml:"persistence"`
	// Alpha is the EWMA weight of the newest week in the seasonal baseline. Default 0.3.
	Alpha float64 `yaml:"alpha"`
}

// ShareRule is the negative-share spike over a sliding window, judged by the Wilson lower
// bound so that a handful of mentions cannot fire it.
type ShareRule struct {
	Off bool `yaml:"off"`
	// Window is the sliding window in minutes. Default 10.
	Window int `yaml:"window_minutes"`
	// MinMentions in the window before the share is judged. Default 30.
	MinMentions int `yaml:"min_mentions"`
	// Lift is how far the share's lower bound must exceed the baseline share. Default 0.25.
	Lift float64 `yaml:"lift"`
	// Z of the Wilson lower bound. Default 3.
	Z float64 `yaml:"z"`
	// Persistence is how many consecutive hot minutes fire. Default 2.
	Persistence int `yaml:"persistence"`
	// MinBaseline is the fewest mentions in the trailing 24 h baseline. Default 300.
	MinBaseline int `yaml:"min_baseline"`
}

// ReachRule is the high-reach negative mention.
type ReachRule struct {
	Off bool `yaml:"off"`
	// MaxScore: only mentions labelled negative with a score at most this. Default -0.3.
	MaxScore float32 `yaml:"max_score"`
	// MinFollowers of the author. Default 100000.
	MinFollowers int64 `yaml:"min_followers"`
	// MinInteractions (comments + reposts) at fetch time. Default 5000.
	MinInteractions int64 `yaml:"min_interactions"`
	// GrowthPerHour: interactions gained per hour of event time between two sightings of
	// the same record. Default 2000.
	GrowthPerHour float64 `yaml:"growth_per_hour"`
}

// PileOnRule is negative comments and reposts accelerating under one post or video.
type PileOnRule struct {
	Off bool `yaml:"off"`
	// Window in minutes. Default 5.
	Window int `yaml:"window_minutes"`
	// MinCount negative replies in the window. Default 15.
	MinCount int `yaml:"min_count"`
	// Accel: the window must hold this many times the window before it (plus one). Default 3.
	Accel float64 `yaml:"accel"`
	// MinShare of the window's replies must be negative, so that a popular post's ordinary
	// mix of replies is not a pile-on. Default 0.6.
	MinShare float64 `yaml:"min_share"`
	// BrandFactor: the window must also hold this many times the brand's usual negative
	// mentions over a window of the same length (all threads and channels), so that busy
	// brands' popular posts are not pile-ons. Default 1.5.
	BrandFactor float64 `yaml:"brand_factor"`
}

// ComplianceRule flags WeCom chat messages holding listed words.
type ComplianceRule struct {
	Off bool `yaml:"off"`
	// Lists maps a category (e.g. "promise", "insult") to its words. Default
	// DefaultComplianceLists().
	Lists map[string][]string `yaml:"lists"`
}

// DefaultComplianceLists are promises of returns or compensation that staff must not make,
// and insults.
func DefaultComplianceLists() map[string][]string {
	return map[string][]string{
		"promise": {"保证收益", "稳赚不赔", "保本保息", "包赚", "百分百赔", "承诺返现", "保证赔偿"},
		"insult":  {"傻逼", "傻B", "去死", "滚蛋", "脑残", "弱智"},
	}
}

func (c Config) withDefaults() Config {
	c.Lateness = orDur(c.Lateness, time.Minute)
	c.Warmup = orInt(c.Warmup, 60)
	c.ResolveAfter = orInt(c.ResolveAfter, 5)
	c.Cooldown = orDur(c.Cooldown, 30*time.Minute)
	c.Hold = orDur(c.Hold, time.Hour)
	c.IdleAfter = orDur(c.IdleAfter, 2*time.Minute)
	c.Defaults = c.Defaults.withDefaults()
	return c
}

func (r Rules) withDefaults() Rules {
	v := &r.Volume
	v.MinCount, v.Z, v.CriticalZ = orInt(v.MinCount, 5), orF(v.Z, 5), orF(v.CriticalZ, 12)
	v.Persistence, v.Alpha = orInt(v.Persistence, 2), orF(v.Alpha, 0.3)
	s := &r.Share
	s.Window, s.MinMentions, s.Lift = orInt(s.Window, 10), orInt(s.MinMentions, 30), orF(s.Lift, 0.25)
	s.Z, s.Persistence, s.MinBaseline = orF(s.Z, 3), orInt(s.Persistence, 2), orInt(s.MinBaseline, 300)
	h := &r.Reach
	if h.MaxScore == 0 {
		h.MaxScore = -0.3
	}
	h.MinFollowers, h.MinInteractions = orI64(h.MinFollowers, 100000), orI64(h.MinInteractions, 5000)
	h.GrowthPerHour = orF(h.GrowthPerHour, 2000)
	p := &r.PileOn
	p.Window, p.MinCount, p.Accel = orInt(p.Window, 5), orInt(p.MinCount, 15), orF(p.Accel, 3)
	p.MinShare, p.BrandFactor = orF(p.MinShare, 0.6), orF(p.BrandFactor, 1.5)
	if r.Compliance.Lists == nil {
		r.Compliance.Lists = DefaultComplianceLists()
	}
	return r
}

// rulesFor returns brand's rules: its overrides over the defaults.
func (c Config) rulesFor(brand string) Rules {
	r := c.Defaults
	for _, b := range c.Brands {
		if b.Name != brand {
			continue
		}
		if b.Volume != nil {
			r.Volume = *b.Volume
		}
		if b.Share != nil {
			r.Share = *b.Share
		}
		if b.Reach != nil {
			r.Reach = *b.Reach
		}
		if b.PileOn != nil {
			r.PileOn = *b.PileOn
		}
		if b.Compliance != nil {
			r.Compliance = *b.Compliance
		}
		return r.withDefaults()
	}
	return r
}

// Validate reports the first invalid field by its YAML path.
func (c Config) Validate() error {
	if c.Lateness < 0 || c.Cooldown < 0 || c.Hold < 0 || c.IdleAfter < 0 {
		return errors.New("lateness, cooldown, hold and idle_after must not be negative")
	}
	if c.Warmup < 0 || c.ResolveAfter < 0 {
		return errors.New("warmup_minutes and resolve_after_minutes must not be negative")
	}
	if err := c.Defaults.validate(); err != nil {
		return fmt.Errorf("defaults.%w", err)
	}
	seen := map[string]bool{}
	for i, b := range c.Brands {
		if b.Name == "" || seen[b.Name] {
			return fmt.Errorf("brands[%d].name %q is empty or repeated", i, b.Name)
		}
		seen[b.Name] = true
		if err := c.withDefaults().rulesFor(b.Name).validate(); err != nil {
			return fmt.Errorf("brands[%d].%w", i, err)
		}
	}
	return nil
}

func (r Rules) validate() error {
	switch {
	case r.Volume.MinCount < 0 || r.Volume.Z < 0 || r.Volume.Persistence < 0:
		return errors.New("volume: min_count, z and persistence must not be negative")
	case r.Volume.Alpha < 0 || r.Volume.Alpha > 1:
		return fmt.Errorf("volume.alpha %v must be in [0, 1]", r.Volume.Alpha)
	case r.Share.Window < 0 || r.Share.Window > maxWindow:
		return fmt.Errorf("share.window_minutes %d must be in [0, %d]", r.Share.Window, maxWindow)
	case r.Share.Lift < 0 || r.Share.Lift >= 1:
		return fmt.Errorf("share.lift %v must be in [0, 1)", r.Share.Lift)
	case r.PileOn.MinShare < 0 || r.PileOn.MinShare > 1:
		return fmt.Errorf("pile_on.min_share %v must be in [0, 1]", r.PileOn.MinShare)
	case r.PileOn.Window < 0 || r.PileOn.Window > maxWindow/2:
		return fmt.Errorf("pile_on.window_minutes %d must be in [0, %d]", r.PileOn.Window, maxWindow/2)
	case r.Reach.MaxScore > 0:
		return fmt.Errorf("reach.max_score %v must not be positive", r.Reach.MaxScore)
	}
	for cat, words := range r.Compliance.Lists {
		for _, w := range words {
			if w == "" {
				return fmt.Errorf("compliance.lists.%s holds an empty word", cat)
			}
		}
	}
	return nil
}

// maxWindow is the most minutes a series keeps per bucket ring.
const maxWindow = 60

func orInt(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func orI64(v, d int64) int64 {
	if v == 0 {
		return d
	}
	return v
}

func orF(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

func orDur(v, d time.Duration) time.Duration {
	if v == 0 {
		return d
	}
	return v
}
