package dashboards_test

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lingting/lingting/event"
)

func checkHashtags(t *testing.T, r result, e env) {
	counts := map[string]int{}
	for _, m := range e.sel {
		for _, h := range slices.Compact(slices.Sorted(slices.Values(m.Hashtags))) {
			counts[h]++
		}
	}
	if want := min(15, len(counts)); len(r.rows) != want {
		t.Errorf("%d hashtags, want %d", len(r.rows), want)
	}
	prev := -1.0
	for i, row := range r.rows {
		h, n := str(t, row["hashtag"]), num(t, row["mentions"])
		if n != float64(counts[h]) || h == outOfRange {
			t.Errorf("hashtag %q in %v mentions, want %d", h, n, counts[h])
		}
		if i > 0 && n > prev {
			t.Errorf("hashtag %q (%v) ranks below one with fewer mentions (%v)", h, n, prev)
		}
		prev = n
	}
	top := slices.Max(slices.Collect(maps.Values(counts)))
	if len(r.rows) == 0 || num(t, r.rows[0]["mentions"]) != float64(top) {
		t.Errorf("top hashtag is not the most used one (%d mentions)", top)
	}
	if slices.Contains(e.brands, burstBrand) && counts[burstTag] == 0 {
		t.Errorf("the burst's hashtag %q is missing from the selection", burstTag)
	}
}

func checkMostNegative(t *testing.T, r result, e env) {
	for _, c := range []string{"time", "text", "author", "followers", "url", "score"} {
		if !slices.Contains(r.cols, c) {
			t.Errorf("column %q missing from %v", c, r.cols)
		}
	}
	negative := e.count(labelIs(event.Negative))
	if len(r.rows) != min(50, negative) {
		t.Fatalf("%d rows, want %d", len(r.rows), min(50, negative))
	}
	lowest := slices.MinFunc(e.sel, func(a, b event.Mention) int { return cmp.Compare(a.Sentiment.Score, b.Sentiment.Score) })
	prev := -1.0
	for i, row := range r.rows {
		s := num(t, row["score"])
		if s >= 0 || s < prev {
			t.Errorf("row %d: score %v is not negative or ranks after a higher score %v", i, s, prev)
		}
		prev = s
		if str(t, row["text"]) == "" || str(t, row["author"]) == "" || !strings.HasPrefix(str(t, row["url"]), "https://") {
			t.Errorf("row %d lacks text, author or url: %v", i, row)
		}
	}
	if first := r.rows[0]; !near(num(t, first["score"]), float64(lowest.Sentiment.Score)) || str(t, first["text"]) != lowest.Text {
		t.Errorf("first row %v, want the lowest-scored mention %q (%v)", first, lowest.Text, lowest.Sentiment.Score)
	}
	if slices.Contains(e.brands, burstBrand) && !strings.Contains(str(t, r.rows[0]["brand_list"]), burstBrand) {
		t.Errorf("most negative mention is about %v, want the burst brand %s", r.rows[0]["brands"], burstBrand)
	}
}

func checkTopAuthors(t *testing.T, r result, e env) {
	type author struct {
		nick      string
		followers int64
		mentions  int
	}
	byID := map[string]*author{}
	for _, m := range e.sel {
		a := byID[m.Author.ID]
		if a == nil {
			a = &author{nick: m.Author.Nickname, followers: m.Author.Followers}
			byID[m.Author.ID] = a
		}
		a.mentions++
	}
	byNick := map[string]*author{}
	top := &author{followers: -1}
	for _, a := range byID {
		byNick[a.nick] = a
		if a.followers > top.followers {
			top = a
		}
	}
	if want := min(20, len(byID)); len(r.rows) != want {
		t.Fatalf("%d authors, want %d", len(r.rows), want)
	}
	if got := str(t, r.rows[0]["author"]); got != top.nick {
		t.Errorf("top author %q, want %q with %d followers", got, top.nick, top.followers)
	}
	prev := num(t, r.rows[0]["followers"])
	for _, row := range r.rows {
		a := byNick[str(t, row["author"])]
		f := num(t, row["followers"])
		if a == nil || f != float64(a.followers) || num(t, row["mentions"]) != float64(a.mentions) || f > prev {
			t.Errorf("row %v does not match the author's followers and mentions %+v, or is out of order", row, a)
		}
		prev = f
	}
}

func checkDeadLetters(t *testing.T, r result, _ env) {
	type group struct{ stage, reason string }
	want := map[group]int{}
	for _, d := range deadLetters() {
		if !d.At.Before(rangeFrom) && !d.At.After(rangeTo) {
			want[group{d.Stage, d.Reason}]++
		}
	}
	if len(r.rows) != len(want) {
		t.Errorf("%d groups, want %d", len(r.rows), len(want))
	}
	for _, row := range r.rows {
		g := group{str(t, row["stage"]), str(t, row["reason"])}
		if got := num(t, row["dead_letters"]); got != float64(want[g]) {
			t.Errorf("%+v: %v dead letters, want %d", g, got, want[g])
		}
		if slices.Contains(r.cols, "payload") {
			t.Errorf("dead letter payloads (personal data) are shown")
		}
	}
}
