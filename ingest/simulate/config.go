package simulate

import (
	"errors"
	"fmt"
	"time"
)

// Config configures a simulated source. The zero value of each field means its default.
type Config struct {
	// Name keys the source's checkpoint and metrics. Default "simulate".
	Name string `yaml:"name"`
	// Seed selects the simulated world; the same seed gives the same traffic. Default 0.
	Seed uint64 `yaml:"seed"`
	// Start is the simulated time of the first batch. Default 2026-03-02T08:00:00+08:00
	// (a Monday morning in Beijing).
	Start time.Time `yaml:"start"`
	// Step is the simulated time one Fetch covers. Default 1m; at most 24h.
	Step time.Duration `yaml:"step"`
	// End stops the simulation: a Fetch whose batch would start at or after End returns
	// ingest.ErrDone. Zero means endless.
	End time.Time `yaml:"end"`
	// RatePerHour is the average number of ordinary mentions per simulated hour over all
	// brands, before seasonality and crises. Default 600.
	RatePerHour float64 `yaml:"rate_per_hour"`
	// Persons is the size of the author population. Default 2000; at least 50.
	Persons int `yaml:"persons"`
	// Brands are the brands talked about. Default DefaultBrands(); at most 16.
	Brands []Brand `yaml:"brands"`
	// Crises are scripted negative bursts. nil means DefaultCrises(); an empty, non-nil
	// list means none.
	Crises []Crisis `yaml:"crises"`
	// MalformedEvery > 0 makes about one envelope in MalformedEvery carry a broken payload
	// (chosen by a hash of the envelope's position, so it stays a pure function of the
	// cursor), so the dead-letter path is exercised. Default 0: never.
	MalformedEvery int `yaml:"malformed_every"`
}

// Brand is one brand the simulated population talks about.
type Brand struct {
	// Name is how people usually write the brand.
	Name string `yaml:"name"`
	// Keywords are aliases in Chinese, pinyin and Latin script, including Name; brand
	// matching in the enrich stage can be configured from them.
	Keywords []string `yaml:"keywords"`
	// Products are the brand's products, used in texts.
	Products []string `yaml:"products"`
	// Weight is the brand's share of ordinary traffic relative to the others. Default 1.
	Weight float64 `yaml:"weight"`
}

// Crisis is a scripted burst of mostly negative mentions about one brand: a root Weibo
// post at Offset, a Douyin video soon after, then reposts, pile-on comments and angry
// customer chats whose rate rises quickly to Multiplier times the brand's baseline and
// decays over Duration.
type Crisis struct {
	// Brand names the brand (a Brand.Name).
	Brand string `yaml:"brand"`
	// Topic is the hashtag the crisis trends under, without '#'.
	Topic string `yaml:"topic"`
	// Headline is the text of the root post.
	Headline string `yaml:"headline"`
	// Complaints are short phrases of the accusation, used in pile-on texts.
	Complaints []string `yaml:"complaints"`
	// Offset is when the crisis starts, from Config.Start.
	Offset time.Duration `yaml:"offset"`
	// Duration is how long the burst lasts. Must be positive.
	Duration time.Duration `yaml:"duration"`
	// Multiplier is the peak rate as a multiple of the brand's baseline rate. Default 15.
	Multiplier float64 `yaml:"multiplier"`
	// NegativeShare is the share of crisis mentions meant to be negative. Default 0.85.
	NegativeShare float64 `yaml:"negative_share"`
}

// maxPerBatch bounds the mentions one batch may hold (ids reserve 12 bits for the
// position in the batch).
const maxPerBatch = 4000

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.Name == "" {
		c.Name = "simulate"
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2026, 3, 2, 8, 0, 0, 0, beijing)
	}
	if c.Step == 0 {
		c.Step = time.Minute
	}
	if c.RatePerHour == 0 {
		c.RatePerHour = 600
	}
	if c.Persons == 0 {
		c.Persons = 2000
	}
	if c.Brands == nil {
		c.Brands = DefaultBrands()
	}
	if c.Crises == nil {
		c.Crises = DefaultCrises()
	}
	c.Brands = append([]Brand(nil), c.Brands...)
	for i := range c.Brands {
		if c.Brands[i].Weight == 0 {
			c.Brands[i].Weight = 1
		}
	}
	c.Crises = append([]Crisis(nil), c.Crises...)
	for i := range c.Crises {
		if c.Crises[i].Multiplier == 0 {
			c.Crises[i].Multiplier = 15
		}
		if c.Crises[i].NegativeShare == 0 {
			c.Crises[i].NegativeShare = 0.85
		}
	}
	return c
}

// Validate reports the first problem of c (with defaults applied), naming the field.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Step < time.Second || c.Step > 24*time.Hour:
		return fmt.Errorf("simulate: step %v must be between 1s and 24h", c.Step)
	case !c.End.IsZero() && !c.End.After(c.Start):
		return errors.New("simulate: end must be after start")
	case c.RatePerHour < 0:
		return fmt.Errorf("simulate: rate_per_hour %v must not be negative", c.RatePerHour)
	case c.Persons < 50:
		return fmt.Errorf("simulate: persons %d must be at least 50", c.Persons)
	case len(c.Brands) == 0 || len(c.Brands) > 16:
		return fmt.Errorf("simulate: brands holds %d brands, want 1 to 16", len(c.Brands))
	case c.MalformedEvery < 0:
		return fmt.Errorf("simulate: malformed_every %d must not be negative", c.MalformedEvery)
	}
	if err := c.validateBrands(); err != nil {
		return err
	}
	if err := c.validateCrises(); err != nil {
		return err
	}
	if peak := c.peakPerBatch(); peak > maxPerBatch/2 {
		return fmt.Errorf("simulate: rate_per_hour × step allows about %.0f mentions per batch at peak, more than %d: lower rate_per_hour or step", peak, maxPerBatch/2)
	}
	return nil
}

func (c Config) validateBrands() error {
	seen := map[string]bool{}
	for i, b := range c.Brands {
		switch {
		case b.Name == "":
			return fmt.Errorf("simulate: brands[%d].name is empty", i)
		case seen[b.Name]:
			return fmt.Errorf("simulate: brands[%d].name %q is a duplicate", i, b.Name)
		case len(b.Products) == 0:
			return fmt.Errorf("simulate: brands[%d].products is empty", i)
		case b.Weight < 0:
			return fmt.Errorf("simulate: brands[%d].weight must not be negative", i)
		}
		seen[b.Name] = true
	}
	return nil
}

func (c Config) validateCrises() error {
	for i, cr := range c.Crises {
		switch {
		case brandIndex(c.Brands, cr.Brand) < 0:
			return fmt.Errorf("simulate: crises[%d].brand %q is not in brands", i, cr.Brand)
		case cr.Topic == "" || cr.Headline == "":
			return fmt.Errorf("simulate: crises[%d]: topic and headline must be set", i)
		case cr.Offset < 0:
			return fmt.Errorf("simulate: crises[%d].offset must not be negative", i)
		case cr.Duration <= 0:
			return fmt.Errorf("simulate: crises[%d].duration must be positive", i)
		case cr.Multiplier < 1:
			return fmt.Errorf("simulate: crises[%d].multiplier %v must be at least 1", i, cr.Multiplier)
		case cr.NegativeShare < 0 || cr.NegativeShare > 1:
			return fmt.Errorf("simulate: crises[%d].negative_share %v must be in [0, 1]", i, cr.NegativeShare)
		}
	}
	return nil
}

// peakPerBatch is an upper estimate of the mentions of the busiest batch.
func (c Config) peakPerBatch() float64 {
	base := c.RatePerHour * c.Step.Hours()
	peak := base * maxSeason
	total := 0.0
	for _, b := range c.Brands {
		total += b.Weight
	}
	for _, cr := range c.Crises {
		if i := brandIndex(c.Brands, cr.Brand); i >= 0 && total > 0 {
			peak += base * cr.Multiplier * c.Brands[i].Weight / total
		}
	}
	return peak + float64(len(c.Brands)*2)*(c.Step.Hours()+1)
}

func brandIndex(brands []Brand, name string) int {
	for i, b := range brands {
		if b.Name == name {
			return i
		}
	}
	return -1
}
