package clickhouse_test

import (
	"context"
	"errors"
	"math"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/lingting/lingting/event"
	"github.com/lingting/lingting/sinks/clickhouse"
	"github.com/lingting/lingting/sinks/clickhouse/chhttp"
	"github.com/lingting/lingting/sinks/clickhouse/chtest"
)

// readMention reads one mention back from lingting.mentions FINAL.
func readMention(t *testing.T, conn driver.Conn, id string) event.Mention {
	t.Helper()
	var m event.Mention
	var platform, kind string
	var followers, likes, comments, reposts uint64
	var termNames, aspectNames, aspectLabels, piiKinds, piiHashes []string
	err := conn.QueryRow(context.Background(), `SELECT id, platform, kind, native_id, created_at,
		text, lang, author_id, author_nickname, author_followers, author_verified, person_id,
		thread_id, parent_id, url, likes, comments, reposts, event_type, sentiment_score,
		sentiment_label, brands, hashtags, mentions, urls, emoticons, emoji, tokens, enriched_at,
		sentiment_terms, aspects, aspect_labels, keywords,
		simhash, cluster_id, spam, pii_kinds, pii_hashes
		FROM lingting.mentions FINAL WHERE id = ?`, id).Scan(
		&m.ID, &platform, &kind, &m.NativeID, &m.CreatedAt, &m.Text, &m.Lang, &m.Author.ID,
		&m.Author.Nickname, &followers, &m.Author.Verified, &m.PersonID, &m.ThreadID, &m.ParentID,
		&m.URL, &likes, &comments, &reposts, &m.EventType, &m.Sentiment.Score, &m.Sentiment.Label,
		&m.Brands, &m.Hashtags, &m.Mentions, &m.URLs, &m.Emoticons, &m.Emoji, &m.Tokens, &m.EnrichedAt,
		&termNames, &aspectNames, &aspectLabels, &m.Keywords,
		&m.SimHash, &m.ClusterID, &m.Spam, &piiKinds, &piiHashes)
	if err != nil {
		t.Fatalf("reading mention %s: %v", id, err)
	}
	for i := range termNames {
		m.Sentiment.Terms = append(m.Sentiment.Terms, event.SentimentTerm{Term: termNames[i]})
	}
	for i := range aspectNames {
		m.Aspects = append(m.Aspects, event.Aspect{Name: aspectNames[i], Label: aspectLabels[i]})
	}
	for i := range piiKinds {
		m.PII = append(m.PII, event.PIIHash{Kind: piiKinds[i], Hash: piiHashes[i]})
	}
	m.Platform, m.Kind = event.Platform(platform), event.Kind(kind)
	m.Author.Followers = int64(followers)
	m.Engage = event.Engagement{Likes: int64(likes), Comments: int64(comments), Reposts: int64(reposts)}
	return m
}

func TestWriteMentionsRoundTrip(t *testing.T) {
	conn := chtest.Migrated(t)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	ms := mentions(t.Name(), 3, "星巴克")
	ms[1].Text = "混合 text، עברית, 𠀋 and emoji 👩‍👩‍👧 with \"quotes\", \\ and\n\nnewlines\x00nul"
	ms[1].Brands, ms[1].Tokens, ms[1].Emoji = nil, []string{}, []string{"👩‍👩‍👧", "🇨🇳"}
	ms[2].Sentiment = event.Sentiment{Score: -1, Label: event.Negative}
	ms[2].EnrichedAt = time.Time{}
	ms[0].Sentiment.Terms = []event.SentimentTerm{{Term: "contrast:但是", Weight: -0.5}, {Term: "好吃", Weight: 1.25}, {Term: "[怒]", Weight: -0.9}}
	ms[0].Aspects = []event.Aspect{{Name: "price", Score: 0.5, Label: event.Positive}, {Name: "delivery", Score: -0.75, Label: event.Negative}}
	ms[0].Keywords = []string{"星巴克", "拿铁"}
	ms[0].SimHash, ms[0].ClusterID, ms[0].Spam = math.MaxUint64-7, "c0ffee0123456789", 0.75
	ms[0].PII = []event.PIIHash{{Kind: event.PIIPhone, Hash: strings.Repeat("ab", 32)}, {Kind: event.PIIEmail, Hash: strings.Repeat("cd", 32)}}
	if err := w.WriteMentions(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	for i, want := range ms {
		got := readMention(t, conn, want.ID)
		want.Schema, want.Author.Platform, want.Author.NativeID = 0, "", ""
		// Term weights and aspect scores are not stored (String arrays only).
		want.Sentiment.Terms = slices.Clone(want.Sentiment.Terms)
		for i := range want.Sentiment.Terms {
			want.Sentiment.Terms[i].Weight = 0
		}
		want.Aspects = slices.Clone(want.Aspects)
		for i := range want.Aspects {
			want.Aspects[i].Score = 0
		}
		if want.EnrichedAt.IsZero() {
			want.EnrichedAt = time.Unix(0, 0)
		}
		normalise(&got)
		normalise(&want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("mention #%d read back as\n%+v\nwant\n%+v", i, got, want)
		}
	}
}

// normalise makes a written and a read mention comparable: UTC times, nil for empty slices.
func normalise(m *event.Mention) {
	m.CreatedAt, m.EnrichedAt = m.CreatedAt.UTC(), m.EnrichedAt.UTC()
	for _, s := range []*[]string{&m.Brands, &m.Hashtags, &m.Mentions, &m.URLs, &m.Emoticons, &m.Emoji, &m.Tokens, &m.Keywords} {
		if len(*s) == 0 {
			*s = nil
		}
	}
}

func TestReplayAddsNoDuplicates(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	brand := "brand-" + t.Name()
	ms := mentions(t.Name(), 50, brand)
	count := func(final string) uint64 {
		return queryUint64(t, conn, "SELECT count() FROM lingting.mentions "+final+" WHERE has(brands, ?)", brand)
	}
	// The rollups as the dashboards read them too: the exact states and the sketches.
	rollups := map[string]string{
		"exact":          "SELECT sum(mentions) FROM lingting.mentions_per_minute_merged WHERE brand = ?",
		"sketch":         "SELECT uniqCombined64Merge(15)(mentions_approx) FROM lingting.mentions_per_minute WHERE brand = ?",
		"authors sketch": "SELECT uniqCombined64Merge(15)(mentions_approx) FROM lingting.authors_per_hour WHERE brand = ?",
		"hashtag sketch": "SELECT uniqCombined64Merge(15)(mentions) FROM lingting.hashtags_per_hour WHERE brand = ? AND hashtag = '好物推荐'",
	}

	steps := []struct {
		name  string
		write func() error
		// raw is the row count without FINAL after the step: an identical replay is
		// dropped by the deduplication token; a differently split one is stored and only
		// collapses on merge, so FINAL is what readers use.
		raw uint64
	}{
		{"first write", func() error { return w.WriteMentions(ctx, ms) }, 50},
		{"identical replay", func() error { return w.WriteMentions(ctx, ms) }, 50},
		{"replay split differently", func() error {
			return errors.Join(w.WriteMentions(ctx, ms[:20]), w.WriteMentions(ctx, ms[20:]))
		}, 100},
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := count(""); got != s.raw {
			t.Errorf("%s: %d rows without FINAL, want %d", s.name, got, s.raw)
		}
		if got := count("FINAL"); got != 50 {
			t.Errorf("%s: %d rows after FINAL, want 50", s.name, got)
		}
		for name, q := range rollups {
			if got := queryUint64(t, conn, q, brand); got != 50 {
				t.Errorf("%s: %s rollup counts %d mentions, want 50", s.name, name, got)
			}
		}
	}
}

func TestRollupCountsUnbrandedAndEachBrand(t *testing.T) {
	conn := chtest.Migrated(t)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	a, b := "a-"+t.Name(), "b-"+t.Name()
	ms := mentions(t.Name(), 4, a)
	ms[1].Brands = []string{a, b}
	ms[2].Brands = nil
	ms[3].Brands, ms[3].Sentiment = []string{b}, event.Sentiment{Score: -0.5, Label: event.Negative}
	if err := w.WriteMentions(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		brand, label string
		want         uint64
	}{
		{a, event.Positive, 2},
		{b, event.Positive, 1},
		{b, event.Negative, 1},
	}
	for _, tt := range tests {
		got := queryUint64(t, conn, `SELECT sum(mentions) FROM lingting.mentions_per_minute_merged
			WHERE brand = ? AND sentiment_label = ?`, tt.brand, tt.label)
		if got != tt.want {
			t.Errorf("brand %s, %s: %d mentions, want %d", tt.brand, tt.label, got, tt.want)
		}
	}
	got := queryUint64(t, conn, `SELECT sum(mentions) FROM lingting.mentions_per_minute_merged AS r
		WHERE brand = '' AND minute = toStartOfMinute(?) AND platform = 'weibo'`, ms[2].CreatedAt)
	if got < 1 {
		t.Errorf("unbranded mention not counted under brand ''")
	}
}

func TestAccountsKeepLatestValues(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	base := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	by := func(i int, nick string, followers int64, at time.Time) event.Mention {
		m := mention(t.Name(), i, "x", at)
		m.CreatedAt = at
		m.Author.ID, m.Author.NativeID = "weibo:author-"+t.Name(), "author-"+t.Name()
		m.Author.Nickname, m.Author.Followers = nick, followers
		return m
	}
	batches := [][]event.Mention{
		{by(1, "mid", 20, base.Add(time.Hour)), by(2, "first", 10, base), by(3, "mid2", 25, base.Add(time.Hour))},
		{by(4, "backfilled", 5, base.Add(-time.Hour))},
		{by(5, "latest", 30, base.Add(2*time.Hour))},
	}
	for i, b := range batches {
		if err := w.WriteAccounts(ctx, b); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			n := queryUint64(t, conn, "SELECT count() FROM lingting.accounts WHERE id = ?", "weibo:author-"+t.Name())
			if n != 1 {
				t.Errorf("one batch with one author wrote %d account rows, want 1", n)
			}
		}
	}
	var nick string
	var followers uint64
	var last time.Time
	err := conn.QueryRow(ctx, "SELECT nickname, followers, last_seen FROM lingting.accounts FINAL WHERE id = ?",
		"weibo:author-"+t.Name()).Scan(&nick, &followers, &last)
	if err != nil {
		t.Fatal(err)
	}
	if nick != "latest" || followers != 30 || !last.Equal(base.Add(2*time.Hour)) {
		t.Errorf("account = %q, %d followers, last seen %v; want latest, 30, %v", nick, followers, last, base.Add(2*time.Hour))
	}
}

func TestWriteDeadLetters(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil)
	at := time.Date(2026, 11, 23, 1, 2, 3, 456_000_000, time.UTC)
	dls := []event.DeadLetter{
		{ID: "enrich:" + t.Name() + ":1", Stage: "enrich", Source: "lingting.mentions", Reason: "bad utf-8", Payload: []byte{0xff, '\n', '\n', 0}, At: at},
		{ID: "collect:" + t.Name() + ":2", Stage: "collect", Source: "weibo", Reason: "not json", Payload: []byte("{oops"), At: at},
	}
	for range 2 { // the second write is a replay
		if err := w.WriteDeadLetters(ctx, dls); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range dls {
		var got event.DeadLetter
		var payload string
		err := conn.QueryRow(ctx, "SELECT id, stage, source, reason, payload, at FROM lingting.dead_letters FINAL WHERE id = ?",
			want.ID).Scan(&got.ID, &got.Stage, &got.Source, &got.Reason, &payload, &got.At)
		if err != nil {
			t.Fatal(err)
		}
		got.Payload, got.At = []byte(payload), got.At.UTC()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("dead letter read back as %+v, want %+v", got, want)
		}
		if n := queryUint64(t, conn, "SELECT count() FROM lingting.dead_letters WHERE id = ?", want.ID); n != 1 {
			t.Errorf("dead letter %s stored %d times, want once", want.ID, n)
		}
	}
	if err := w.WriteDeadLetters(ctx, []event.DeadLetter{{Reason: "no id"}}); err == nil {
		t.Error("a dead letter without id was accepted")
	}
}

func TestWriteMentionsRejectsInvalid(t *testing.T) {
	w := clickhouse.NewWriter(chtest.Migrated(t), clickhouse.WriterConfig{}, nil, nil)
	ms := mentions(t.Name(), 2, "x")
	ms[1].Sentiment.Score = 1.5
	err := w.WriteMentions(context.Background(), ms)
	if !errors.Is(err, clickhouse.ErrInvalidMention) {
		t.Fatalf("WriteMentions with a score of 1.5 = %v, want ErrInvalidMention", err)
	}
}

func TestValidateMention(t *testing.T) {
	ok := mention("v", 0, "x", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name   string
		mutate func(*event.Mention)
		valid  bool
	}{
		{"complete", func(*event.Mention) {}, true},
		{"not enriched", func(m *event.Mention) { m.Sentiment, m.EnrichedAt = event.Sentiment{}, time.Time{} }, true},
		{"score -1", func(m *event.Mention) { m.Sentiment.Score = -1 }, true},
		{"score above 1", func(m *event.Mention) { m.Sentiment.Score = 1.01 }, false},
		{"score NaN", func(m *event.Mention) { m.Sentiment.Score = float32(math.NaN()) }, false},
		{"unknown label", func(m *event.Mention) { m.Sentiment.Label = "mixed" }, false},
		{"no id", func(m *event.Mention) { m.ID = "" }, false},
		{"no created_at", func(m *event.Mention) { m.CreatedAt = time.Time{} }, false},
		{"created_at before 1900", func(m *event.Mention) { m.CreatedAt = time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.mutate(&m)
			err := clickhouse.ValidateMention(&m)
			if (err == nil) != tt.valid {
				t.Errorf("ValidateMention = %v, want valid %v", err, tt.valid)
			}
			if err != nil && !errors.Is(err, clickhouse.ErrInvalidMention) {
				t.Errorf("error %v does not wrap ErrInvalidMention", err)
			}
		})
	}
}

func TestWriterRetriesTransientErrors(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(chhttp.NewHandler(chtest.Engine(t), nil))
	u, _ := url.Parse(srv.URL)
	conn, err := clickhouse.Dial(ctx, clickhouse.ConnConfig{Addr: []string{u.Host}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	reg := prometheus.NewRegistry()
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{Retries: 2, Backoff: time.Millisecond}, reg, nil)
	srv.Close() // every attempt now fails to connect: a transient error

	if err := w.WriteMentions(ctx, mentions(t.Name(), 1, "x")); err == nil {
		t.Fatal("write to a closed server succeeded")
	}
	want := `
# HELP lingting_clickhouse_insert_errors_total Inserts that failed for good (after retries, or not retryable).
# TYPE lingting_clickhouse_insert_errors_total counter
lingting_clickhouse_insert_errors_total{table="mentions"} 1
# HELP lingting_clickhouse_retries_total Insert attempts retried after a transient error.
# TYPE lingting_clickhouse_retries_total counter
lingting_clickhouse_retries_total{table="mentions"} 2
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want),
		"lingting_clickhouse_retries_total", "lingting_clickhouse_insert_errors_total"); err != nil {
		t.Error(err)
	}
}

func TestWriterSplitsBatchesAtMaxRows(t *testing.T) {
	conn := chtest.Migrated(t)
	reg := prometheus.NewRegistry()
	w := clickhouse.NewWriter(conn, clickhouse.WriterConfig{MaxRows: 7}, reg, nil)
	ms := mentions(t.Name(), 20, "brand-"+t.Name())
	if err := w.WriteMentions(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	if n := queryUint64(t, conn, "SELECT count() FROM lingting.mentions WHERE has(brands, ?)", "brand-"+t.Name()); n != 20 {
		t.Errorf("%d rows stored, want 20", n)
	}
	want := `
# HELP lingting_clickhouse_rows_written_total Rows stored in ClickHouse (acknowledged inserts).
# TYPE lingting_clickhouse_rows_written_total counter
lingting_clickhouse_rows_written_total{table="mentions"} 20
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "lingting_clickhouse_rows_written_total"); err != nil {
		t.Error(err)
	}
	if n := histogramCount(t, reg, "lingting_clickhouse_batch_rows"); n != 3 {
		t.Errorf("%d inserts, want 3 (7 + 7 + 6 rows)", n)
	}
}

// histogramCount returns the sample count of the one histogram series named name.
func histogramCount(t *testing.T, reg *prometheus.Registry, name string) uint64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	t.Fatalf("histogram %s not found", name)
	return 0
}

// TestSketchBackfill runs the backfill statements of the sketch migrations on rollup rows
// that lost their sketches: they come back, twice applied they count once, and the exact
// states they merge into do not change.
func TestSketchBackfill(t *testing.T) {
	ctx := context.Background()
	conn := chtest.Migrated(t)
	brand := "brand-" + t.Name()
	ms := mentions(t.Name(), 30, brand)
	for i := 0; i < len(ms); i += 3 {
		ms[i].Sentiment = event.Sentiment{Score: -0.5, Label: event.Negative}
	}
	if err := clickhouse.NewWriter(conn, clickhouse.WriterConfig{}, nil, nil).WriteMentions(ctx, ms); err != nil {
		t.Fatal(err)
	}
	negative := queryUint64(t, conn, "SELECT uniqExactMerge(negative) FROM lingting.authors_per_hour WHERE brand = ?", brand)
	if negative == 0 {
		t.Fatal("no negative mentions to backfill")
	}
	backfill := append(sketchBackfill(t, "dashboard_sketches", 2), sketchBackfill(t, "hashtags_per_hour", 1)...)
	const empty = "arrayReduce('uniqCombined64State(15)', emptyArrayString())"
	for table, sketches := range map[string][]string{
		"mentions_per_minute": {"mentions_approx", "authors_approx"},
		"authors_per_hour":    {"mentions_approx", "negative_approx"},
		"hashtags_per_hour":   {"mentions"},
	} {
		var set []string
		for _, c := range sketches {
			set = append(set, c+" = "+empty)
		}
		if err := conn.Exec(ctx, "ALTER TABLE lingting."+table+" UPDATE "+strings.Join(set, ", ")+
			" WHERE brand = ? SETTINGS mutations_sync = 2", brand); err != nil {
			t.Fatal(err)
		}
	}
	if got := queryUint64(t, conn, "SELECT uniqCombined64Merge(15)(negative_approx) FROM lingting.authors_per_hour WHERE brand = ?", brand); got != 0 {
		t.Fatalf("%d negative mentions in the emptied sketches", got)
	}
	for range 2 {
		for _, s := range backfill {
			if err := conn.Exec(ctx, s); err != nil {
				t.Fatalf("backfill %q: %v", s, err)
			}
		}
	}
	for q, want := range map[string]uint64{
		"SELECT uniqCombined64Merge(15)(mentions_approx) FROM lingting.mentions_per_minute WHERE brand = ?": 30,
		"SELECT uniqCombined64Merge(15)(mentions_approx) FROM lingting.authors_per_hour WHERE brand = ?":    30,
		"SELECT uniqCombined64Merge(15)(mentions) FROM lingting.hashtags_per_hour WHERE brand = ?":          30,
		"SELECT uniqExactMerge(mentions) FROM lingting.mentions_per_minute WHERE brand = ?":                 30,
		"SELECT uniqExactMerge(mentions) FROM lingting.authors_per_hour WHERE brand = ?":                    30,
		"SELECT countIf(nickname = '') FROM lingting.authors_per_hour FINAL WHERE brand = ?":                0,
		"SELECT uniqCombined64Merge(15)(negative_approx) FROM lingting.authors_per_hour WHERE brand = ?":    negative,
	} {
		if got := queryUint64(t, conn, q, brand); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
}

// sketchBackfill returns the INSERT statements of the migration called name, and fails
// unless there are want of them.
func sketchBackfill(t *testing.T, name string, want int) []string {
	t.Helper()
	ms, err := clickhouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.Name != name {
			continue
		}
		for _, s := range m.Statements {
			if strings.HasPrefix(strings.TrimSpace(s), "INSERT") {
				out = append(out, s)
			}
		}
	}
	if len(out) != want {
		t.Fatalf("%s: found %d backfill statements, want %d", name, len(out), want)
	}
	return out
}
