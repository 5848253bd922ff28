package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnrichCommandContract: JSON lines in, one enriched record per line out, same order,
// sentiment.score in [-1, 1] (> 0 positive) and its label; a bad line keeps its place.
func TestEnrichCommandContract(t *testing.T) {
	in := strings.Join([]string{
		`{"text": "茶小满的新品太好喝了，强烈推荐！[哈哈] #茶小满#"}`,
		`{"text": "物流慢得要命，客服也不理人，再也不买了[怒]"}`,
		`not json`,
		`{"id": "weibo:1", "platform": "weibo", "text": "今天天气一般，没什么特别的"}`,
	}, "\n")
	var out, errOut bytes.Buffer
	err := dispatch(t.Context(), []string{"enrich"}, stdio{in: strings.NewReader(in), out: &out, err: &errOut})
	if err == nil || !strings.Contains(err.Error(), "1 of 4 lines could not be enriched") {
		t.Fatalf("error = %v, want one bad line reported", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d output lines, want 4:\n%s", len(lines), out.String())
	}
	type record struct {
		ID        string   `json:"id"`
		Text      string   `json:"text"`
		Hashtags  []string `json:"hashtags"`
		Brands    []string `json:"brands"`
		Line      int      `json:"line"`
		Error     string   `json:"error"`
		Sentiment struct {
			Score *float64 `json:"score"`
			Label string   `json:"label"`
		} `json:"sentiment"`
	}
	var recs []record
	for _, l := range lines {
		var r record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		recs = append(recs, r)
	}
	for i, r := range recs {
		if i == 2 {
			if r.Line != 3 || r.Error == "" {
				t.Errorf("bad line's record = %+v, want line 3 with an error", r)
			}
			continue
		}
		if s := r.Sentiment.Score; s == nil || *s < -1 || *s > 1 {
			t.Errorf("line %d: score %v not in [-1, 1]", i+1, s)
		}
	}
	if s := *recs[0].Sentiment.Score; s <= 0 || recs[0].Sentiment.Label != "positive" {
		t.Errorf("praise scored %v %q, want positive", s, recs[0].Sentiment.Label)
	}
	if s := *recs[1].Sentiment.Score; s >= 0 || recs[1].Sentiment.Label != "negative" {
		t.Errorf("complaint scored %v %q, want negative", s, recs[1].Sentiment.Label)
	}
	if len(recs[0].Hashtags) != 1 || len(recs[0].Brands) != 1 || recs[0].Brands[0] != "茶小满" {
		t.Errorf("first record hashtags %v brands %v, want the topic and the brand", recs[0].Hashtags, recs[0].Brands)
	}
	if recs[3].ID != "weibo:1" {
		t.Errorf("fourth record id %q: whole mentions must keep their fields", recs[3].ID)
	}
}

func TestConfigErrorsNameTheField(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unknown field", "data_dri: x\n", "data_dri"},
		{"bad log level", "log_level: loud\n", "log_level"},
		{"brand without keywords", "enrich: {brands: [{name: x}]}\n", "enrich.brands"},
		{"empty replay", "sources: {replay: {paths: []}}\n", "sources.replay.paths"},
		{"kafka without brokers", "kafka: {client_id: x}\n", "kafka"},
		{"bad simulate step", "sources: {simulate: {step: 1ms}}\n", "sources.simulate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			os.WriteFile(path, []byte(c.yaml), 0o600)
			_, err := loadConfig(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want one naming %q", err, c.want)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "empty.yaml")
	os.WriteFile(path, nil, 0o600)
	if _, err := loadConfig(path); err != nil {
		t.Fatalf("an empty config must be valid: %v", err)
	}
}

// TestShippedConfigsAreValid keeps the example configs in deploy/ loadable.
func TestShippedConfigsAreValid(t *testing.T) {
	paths, _ := filepath.Glob("../../deploy/config/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no configs found in deploy/config")
	}
	for _, p := range paths {
		if _, err := loadConfig(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestStageAloneNeedsKafka: one stage alone over the in-process bus would wait forever for
// stages it does not run; the commands refuse with a message instead.
func TestStageAloneNeedsKafka(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("data_dir: "+filepath.Join(t.TempDir(), "data")+"\n"), 0o600)
	for _, args := range [][]string{
		{"collect", "--config", path}, {"sink", "--config", path}, {"resolve", "--config", path},
		{"enrich", "--config", path}, {"alert", "--config", path}, {"collect", "weibo", "--config", path},
	} {
		var out, errOut bytes.Buffer
		err := dispatch(t.Context(), args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
		if err == nil || !strings.Contains(err.Error(), "kafka") {
			t.Errorf("lingting %s: error %v, want one saying a kafka section is required", strings.Join(args, " "), err)
		}
	}
}

// TestEmbeddedInterfaceStaysLocal: without authentication, the embedded interface listens
// only on loopback unless that is explicitly allowed.
func TestEmbeddedInterfaceStaysLocal(t *testing.T) {
	for listen, ok := range map[string]bool{"127.0.0.1:8123": true, "localhost:0": true, "[::1]:8123": true,
		"0.0.0.0:8123": false, ":8123": false, "10.1.2.3:8123": false} {
		if err := loopbackOnly(listen, false); (err == nil) != ok {
			t.Errorf("loopbackOnly(%q) = %v, want ok=%v", listen, err, ok)
		}
		if err := loopbackOnly(listen, true); err != nil {
			t.Errorf("loopbackOnly(%q, allowed) = %v", listen, err)
		}
	}
	err := dispatch(t.Context(), []string{"serve", "--data-dir", t.TempDir(), "--clickhouse-listen", "0.0.0.0:0"}, stdio{out: io.Discard, err: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("serve on 0.0.0.0: error %v, want a refusal", err)
	}
}
