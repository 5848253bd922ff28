package identity

import (
	"errors"
	"fmt"
)

// Config selects and tunes the match rules. The zero value of every field means its
// default; Defaults returns them filled in.
type Config struct {
	// UnionID enables the deterministic rule joining accounts of one platform family that
	// carry the same cross-app id (WeCom/WeChat unionid, Douyin union_id). Default true.
	UnionID *bool `yaml:"union_id"`
	// PII enables the deterministic rules joining accounts whose mentions carry the same
	// keyed hash of a phone number (pii_phone) or e-mail (pii_email). Default true.
	PII *bool `yaml:"pii"`
	// PIIMaxAccounts: a phone or e-mail hash seen on more accounts than this is treated as
	// shared (a shop's number, a quoted hotline) and joins nobody. Default 3.
	PIIMaxAccounts int `yaml:"pii_max_accounts"`
	// Handles enables the deterministic rule for handles a person declares in a text
	// ("我微博是@小鹿", "抖音号：xiaolu"). Default true.
	Handles *bool `yaml:"handles"`
	// Nickname enables the probabilistic rule on normalised nicknames. Default true.
	Nickname *bool `yaml:"nickname"`
	// NicknameThreshold is the score at or above which a nickname match becomes an edge.
	// Default 0.9.
	NicknameThreshold float64 `yaml:"nickname_threshold"`
	// NicknameMinRunes: normalised nicknames shorter than this never match (too generic).
	// Default 3.
	NicknameMinRunes int `yaml:"nickname_min_runes"`
	// HoursWeight is the weight of the active-hours similarity in the nickname score, used
	// when both accounts have at least HoursMinMentions mentions. Default 0.2.
	HoursWeight float64 `yaml:"hours_weight"`
	// NamesakeMinNicknames is how many nicknames a platform needs before its namesake rate
	// (the share of nicknames that more than one account has) is trusted; the nickname score
	// is multiplied by 1 − that rate, and the rule stays silent before. Default 200.
	NamesakeMinNicknames int `yaml:"namesake_min_nicknames"`
	// HoursMinMentions is the number of mentions an account needs before its active hours
	// count. Default 10.
	HoursMinMentions int `yaml:"hours_min_mentions"`
	// BlockPhoneConflict blocks a merge that would put two different phone hashes in one
	// person (and no shared one). Default true. Different unionids of one platform family
	// always block.
	BlockPhoneConflict *bool `yaml:"block_phone_conflict"`
}

// Defaults returns c with every zero field set to its default.
func (c Config) Defaults() Config {
	on := func(p **bool) {
		if *p == nil {
			t := true
			*p = &t
		}
	}
	on(&c.UnionID)
	on(&c.PII)
	on(&c.Handles)
	on(&c.Nickname)
	on(&c.BlockPhoneConflict)
	if c.PIIMaxAccounts == 0 {
		c.PIIMaxAccounts = 3
	}
	if c.NicknameThreshold == 0 {
		c.NicknameThreshold = 0.9
	}
	if c.NicknameMinRunes == 0 {
		c.NicknameMinRunes = 3
	}
	if c.HoursWeight == 0 {
		c.HoursWeight = 0.2
	}
	if c.NamesakeMinNicknames == 0 {
		c.NamesakeMinNicknames = 200
	}
	if c.HoursMinMentions == 0 {
		c.HoursMinMentions = 10
	}
	return c
}

// Validate reports the first problem of c (defaults applied), naming the field.
func (c Config) Validate() error {
	c = c.Defaults()
	switch {
	case c.PIIMaxAccounts < 2:
		return fmt.Errorf("identity: pii_max_accounts %d must be at least 2", c.PIIMaxAccounts)
	case c.NicknameThreshold <= 0 || c.NicknameThreshold > 1:
		return fmt.Errorf("identity: nickname_threshold %v must be in (0, 1]", c.NicknameThreshold)
	case c.NicknameMinRunes < 1:
		return errors.New("identity: nickname_min_runes must be at least 1")
	case c.HoursWeight < 0 || c.HoursWeight >= 1:
		return fmt.Errorf("identity: hours_weight %v must be in [0, 1)", c.HoursWeight)
	case c.NamesakeMinNicknames < 1:
		return errors.New("identity: namesake_min_nicknames must be at least 1")
	case c.HoursMinMentions < 1:
		return errors.New("identity: hours_min_mentions must be at least 1")
	}
	return nil
}

// Off is a convenience for Config fields of type *bool.
func Off() *bool { f := false; return &f }
