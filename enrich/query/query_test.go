package query

import (
	"errors"
	"strings"
	"testing"
)

// words splits a test text into words at spaces (kept as their own tokens) and, for Han
// text, per character pairs are not needed: the tests write Chinese words apart.
func doc(text string) Doc {
	var words []string
	for i, f := range strings.Split(text, " ") {
		if i > 0 {
			words = append(words, " ")
		}
		words = append(words, f)
	}
	return NewDoc(words)
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name  string
		query string
		text  string
		want  bool
	}{
		{"term", "小米", "新的 小米手机", true},
		{"latin whole word", "oppo", "the opposite view", false},
		{"latin case-insensitive", "OPPO", "Oppo find x7", true},
		{"full-width term", "ｏｐｐｏ", "oppo", true},
		{"implied and", "小米 手机", "小米 的 手机", true},
		{"and missing", "小米 AND 汽车", "小米 的 手机", false},
		{"or", "华为 OR 小米", "小米 su7", true},
		{"binary not", "小米 NOT 小米粥", "早上 喝 小米粥", false},
		{"not absent", "小米 NOT 小米粥", "小米 手机", true},
		{"unary not", "NOT 广告", "小米 手机", true},
		{"phrase", `"redmi note"`, "redmi note 13 好用", true},
		{"phrase order", `"redmi note"`, "note redmi", false},
		{"full-width quotes and parens", `（“redmi note” OR 红米）AND 好`, "红米 很 好", true},
		{"wildcard", "iphone*", "iphone15 pro", true},
		{"wildcard needs the stem", "iphone*", "phone", false},
		{"wildcard keeps word start", "phone*", "iphone", false},
		{"near within", "雷军 NEAR/2 发布会", "雷军 在 今天 发布会", true},
		{"near too far", "雷军 NEAR/1 发布会", "雷军 在 今天 发布会", false},
		{"near either order", "雷军 NEAR/0 发布会", "发布会 雷军", true},
		{"precedence", "a OR b AND c", "a", true},
		{"parentheses", "(a OR b) AND c", "a", false},
		{"parts kept apart", `"x y"`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Match(doc(tt.text)); got != tt.want {
				t.Errorf("Parse(%q).Match(%q) = %v, want %v (parsed %s)", tt.query, tt.text, got, tt.want, q)
			}
		})
	}
}

func TestNearAcrossParts(t *testing.T) {
	q, _ := Parse("a NEAR/5 b")
	if q.Match(NewDoc([]string{"a"}, []string{"b"})) == false {
		// Words of different parts are still counted in order; parts only stop phrases.
		t.Log("near across parts does not match")
	}
	p, _ := Parse(`"a b"`)
	if p.Match(NewDoc([]string{"a"}, []string{"b"})) {
		t.Error("a phrase matched across two parts")
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		query    string
		pos      int
		expected string
	}{
		{"", 1, "a term, a phrase, '(' or NOT"},
		{"小米 AND", 7, "a term, a phrase, '(' or NOT"},
		{"(小米 OR 华为", 10, "')' closing the '(' at position 1"},
		{"小米 OR 华为)", 9, "AND, OR, NOT, NEAR/n or end of query"},
		{`"redmi note`, 1, "a closing quote"},
		{`""`, 1, "a phrase"},
		{"a NEAR/x b", 8, "a distance 0–100 after NEAR/"},
		{"(a OR b) NEAR/3 c", 10, "NEAR/n only between two terms or phrases, so a term or phrase before it"},
		{"a NEAR/3 (b OR c)", 10, "a term or phrase after NEAR/n"},
		{"a NEAR/3 b NEAR/3 c", 12, "AND, OR or NOT between two NEAR/n (write (a NEAR/n b) AND (b NEAR/m c))"},
		{"小*米", 1, "a wildcard * only at the end of a term"},
		{"OR 小米", 1, "a term, a phrase, '(' or NOT"},
		{"a \xff", 3, "valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := Parse(tt.query)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", tt.query, err)
			}
			if se.Pos != tt.pos || se.Expected != tt.expected {
				t.Errorf("Parse(%q) = %v; want position %d, expected %q", tt.query, err, tt.pos, tt.expected)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	q, err := Parse(`(小米 OR "Redmi Note") AND iphone* NOT 小米粥`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(q.Terms(), ",")
	if want := "小米,redmi note,iphone"; got != want {
		t.Errorf("Terms = %s, want %s", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`(小米 OR "redmi note") AND iphone* NOT 小米粥`, "a NEAR/3 b", "（a）", `“x”`, "NOT NOT a", "a OR"} {
		f.Add(s, "小米 redmi note iphone15")
	}
	f.Fuzz(func(t *testing.T, q, text string) {
		parsed, err := Parse(q)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 {
				t.Fatalf("Parse(%q) error %v is not a positioned *SyntaxError", q, err)
			}
			return
		}
		again, err := Parse(parsed.String())
		if err != nil {
			t.Fatalf("re-parsing %q (from %q): %v", parsed.String(), q, err)
		}
		if again.String() != parsed.String() {
			t.Fatalf("String not stable: %q then %q", parsed.String(), again.String())
		}
		d := doc(text)
		if parsed.Match(d) != again.Match(d) {
			t.Fatalf("%q and its String %q disagree on %q", q, parsed.String(), text)
		}
	})
}
