package pii

import (
	"regexp"
	"strings"

	"github.com/lingting/lingting/event"
)

// digitRunRE matches digit groups joined by single spaces or hyphens ("138 1234 5678",
// "6222-0212-3456-7890"), an ID number's final X included.
var digitRunRE = regexp.MustCompile(`[0-9](?:[ \-]?[0-9])*[Xx]?`)

// group is one separator-free digit group of a run, at text[start:end].
type group struct {
	start, end int
}

// numbers finds phone, ID and bank card numbers in runs of digit groups. A run glued to
// a digit on either side is not one (part of a longer number), nor one inside a URL path
// or query ("/", "=", "&" before it), nor one between letters ("sku13812345678a", a
// product code). A letter on one side only does not stop it: people write
// "加V13812345678" and "tel13912345678".
// Within a run, consecutive groups are tried left to right, longest first.
func numbers(text string) []found {
	var out []found
	for _, loc := range digitRunRE.FindAllStringIndex(text, -1) {
		before, after := byte(' '), byte(' ')
		if loc[0] > 0 {
			before = text[loc[0]-1]
		}
		if loc[1] < len(text) {
			after = text[loc[1]]
		}
		if isDigit(before) || isDigit(after) || inURL(before) || isASCIIAlnum(before) && isASCIIAlnum(after) {
			continue
		}
		out = append(out, inRun(text, groups(text, loc[0], loc[1]))...)
	}
	return out
}

func groups(text string, start, end int) []group {
	var gs []group
	i := start
	for i < end {
		j := i
		for j < end && text[j] != ' ' && text[j] != '-' {
			j++
		}
		gs = append(gs, group{i, j})
		i = j + 1
	}
	return gs
}

func inRun(text string, gs []group) []found {
	var out []found
	for i := 0; i < len(gs); {
		matched := false
		for j := len(gs); j > i; j-- {
			digits := joinDigits(text, gs[i:j])
			if kind, value := classify(digits); kind != "" {
				out = append(out, found{gs[i].start, gs[j-1].end, kind, value})
				i, matched = j, true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return out
}

func joinDigits(text string, gs []group) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(text[g.start:g.end])
	}
	return b.String()
}

// classify names the kind of a digit string and its normalised value ("" when none).
func classify(d string) (kind, value string) {
	switch n := len(d); {
	case n == 11 && isMobile(d):
		return event.PIIPhone, d
	case n == 13 && strings.HasPrefix(d, "86") && isMobile(d[2:]):
		return event.PIIPhone, d[2:]
	case n == 18 && validID(d):
		return event.PIIIDCard, strings.ToUpper(d)
	case n >= 16 && n <= 19 && allDigits(d) && luhn(d):
		return event.PIIBankCard, d
	}
	return "", ""
}

// isMobile: 11 digits, 1 then 3–9 (mainland mobile prefixes).
func isMobile(d string) bool {
	return len(d) == 11 && allDigits(d) && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validID checks an 18-character resident ID number: 17 digits, a plausible birth date
// (19xx/20xx, month 01–12, day 01–31) and the ISO 7064 MOD 11-2 check character.
func validID(d string) bool {
	if !allDigits(d[:17]) {
		return false
	}
	year, month, day := d[6:8], d[10:12], d[12:14]
	if (year != "19" && year != "20") || month < "01" || month > "12" || day < "01" || day > "31" {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	return "10X98765432"[sum%11] == upper(d[17])
}

func upper(c byte) byte {
	if c == 'x' {
		return 'X'
	}
	return c
}

// luhn reports whether the digit string passes the Luhn check.
func luhn(d string) bool {
	sum, double := 0, false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// inURL reports whether c, just before a run of digits, marks the run as part of a URL.
func inURL(c byte) bool { return c == '/' || c == '=' || c == '&' || c == '.' || c == '_' }
