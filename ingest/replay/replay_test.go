package replay_test

import (
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lingting/lingting/ingest"
	"github.com/lingting/lingting/ingest/replay"
)

// mixedWant is what testdata/mixed.jsonl holds, in order: envelope ids, and "bad: <reason>"
// for lines that must become dead letters. The blank line yields nothing.
var mixedWant = []string{
	"weibo:4890123456789012",
	"bad: invalid character 'n'",
	"douyin:7301", // CRLF line end
	"bad: schema version missing",
	"bad: platform \"myspace\" is not known",
	"bad: record schema version is newer",
	"wecom:msg-0001", // no final line end
}

var secondWant = []string{"weibo:4890123456789013", "weibo:4890123456789014"}

// gzipped writes a gzip copy of a testdata file into dir and returns its path.
func gzipped(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// drain fetches from cursor until ErrDone and returns the records (ids, or "bad: reason")
// and the cursor after each batch.
func drain(t *testing.T, src *replay.Source, cursor string) (records, cursors []string) {
	t.Helper()
	for range 1000 {
		b, err := src.Fetch(t.Context(), cursor)
		if errors.Is(err, ingest.ErrDone) {
			return records, cursors
		}
		if err != nil {
			t.Fatalf("Fetch(%q): %v", cursor, err)
		}
		if len(b.Raws)+len(b.Bad) == 0 {
			t.Fatalf("Fetch(%q) returned an empty batch", cursor)
		}
		records = append(records, describe(t, b)...)
		cursor = b.Next
		cursors = append(cursors, cursor)
	}
	t.Fatal("no ErrDone after 1000 fetches")
	return nil, nil
}

// describe lists a batch's records in file order (dead-letter ids end in their offset).
func describe(t *testing.T, b ingest.Batch) []string {
	t.Helper()
	var out []string
	for _, r := range b.Raws {
		out = append(out, r.ID)
	}
	for _, dl := range b.Bad {
		if dl.Stage != ingest.StageCollect || dl.Source == "" || !strings.HasPrefix(dl.ID, "collect:") || len(dl.Payload) == 0 {
			t.Errorf("incomplete dead letter %+v", dl)
		}
		out = append(out, "bad: "+dl.Reason)
	}
	return out
}

func TestReplayReadsEverything(t *testing.T) {
	dir := t.TempDir()
	mixed, second, empty := filepath.Join("testdata", "mixed.jsonl"), filepath.Join("testdata", "second.jsonl"), filepath.Join("testdata", "empty.jsonl")
	tests := []struct {
		name  string
		paths []string
		batch int
		want  []string
	}{
		{"one file, batch 1", []string{mixed}, 1, mixedWant},
		{"one file, batch 3", []string{mixed}, 3, mixedWant},
		{"one file, default batch", []string{mixed}, 0, mixedWant},
		{"gzip", []string{gzipped(t, dir, "mixed.jsonl")}, 2, mixedWant},
		{"files in order, empty ones skipped", []string{empty, second, gzipped(t, dir, "empty.jsonl"), mixed}, 4, append(append([]string{}, secondWant...), mixedWant...)},
		{"only empty files", []string{empty}, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := replay.New(replay.Config{Paths: tc.paths, BatchSize: tc.batch})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, _ := drain(t, src, "")
			if len(got) != len(tc.want) {
				t.Fatalf("got %d records %q, want %d", len(got), got, len(tc.want))
			}
			// Within a batch, Raws and Bad are separate lists: compare as multisets per
			// kind, in order within each kind.
			if fmt.Sprint(only(got, false)) != fmt.Sprint(only(tc.want, false)) {
				t.Errorf("envelopes %q, want %q", only(got, false), only(tc.want, false))
			}
			gotBad, wantBad := only(got, true), only(tc.want, true)
			for i := range wantBad {
				if !strings.Contains(gotBad[i], strings.TrimPrefix(wantBad[i], "bad: ")) {
					t.Errorf("dead letter %d: %q, want it to contain %q", i, gotBad[i], wantBad[i])
				}
			}
		})
	}
}

func only(records []string, bad bool) []string {
	var out []string
	for _, r := range records {
		if strings.HasPrefix(r, "bad: ") == bad {
			out = append(out, r)
		}
	}
	return out
}

// TestReplayResumes: starting a new Source from any cursor a Fetch returned yields exactly
// the records after it, for plain and gzip files.
func TestReplayResumes(t *testing.T) {
	dir := t.TempDir()
	for _, paths := range [][]string{
		{"testdata/mixed.jsonl", "testdata/second.jsonl"},
		{gzipped(t, dir, "mixed.jsonl"), gzipped(t, dir, "second.jsonl")},
	} {
		cfg := replay.Config{Paths: paths, BatchSize: 1}
		src, err := replay.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		all, cursors := drain(t, src, "")
		src.Close()
		for i, c := range cursors {
			fresh, err := replay.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			rest, _ := drain(t, fresh, c)
			fresh.Close()
			if fmt.Sprint(rest) != fmt.Sprint(all[i+1:]) {
				t.Errorf("%v from %q: got %q, want %q", paths, c, rest, all[i+1:])
			}
		}
	}
}

func TestReplayCursorErrors(t *testing.T) {
	src, err := replay.New(replay.Config{Paths: []string{"testdata/second.jsonl", "testdata/mixed.jsonl"}})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	tests := []struct {
		cursor string
		want   error
	}{
		{"2:0", ingest.ErrDone},
		{"x", ingest.ErrPermanent},
		{"1", ingest.ErrPermanent},
		{"1:2:3", ingest.ErrPermanent},
		{"-1:0", ingest.ErrPermanent},
		{"01:0", ingest.ErrPermanent},
		{"3:0", ingest.ErrPermanent},
		{"2:5", ingest.ErrPermanent},
		{"0:99999", ingest.ErrPermanent}, // the file changed since the cursor was saved
	}
	for _, tc := range tests {
		if _, err := src.Fetch(t.Context(), tc.cursor); !errors.Is(err, tc.want) {
			t.Errorf("Fetch(%q) = %v, want %v", tc.cursor, err, tc.want)
		}
	}
}

func TestReplayCorruptGzipIsPermanent(t *testing.T) {
	dir := t.TempDir()
	good := gzipped(t, dir, "mixed.jsonl")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for name, bytes := range map[string][]byte{
		"not-gzip.jsonl.gz":  []byte("{\"plain\": true}\n"),
		"truncated.jsonl.gz": data[:len(data)/2],
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, bytes, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := replay.New(replay.Config{Paths: []string{path}, BatchSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		cursor := ""
		for {
			b, err := src.Fetch(t.Context(), cursor)
			if err != nil {
				if !errors.Is(err, ingest.ErrPermanent) {
					t.Errorf("%s: Fetch = %v, want ErrPermanent", name, err)
				}
				break
			}
			cursor = b.Next
		}
		src.Close()
	}
}

func TestReplayLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.jsonl")
	second, err := os.ReadFile("testdata/second.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	long := `{"schema":1,"payload":"` + strings.Repeat("长", 100_000) + "\"}\n"
	if err := os.WriteFile(path, append([]byte(long), second...), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := replay.New(replay.Config{Paths: []string{path}, MaxLineBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	b, err := src.Fetch(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Bad) != 1 || len(b.Bad[0].Payload) != 1000 || !strings.Contains(b.Bad[0].Reason, "longer than 1000 bytes") || len(b.Raws) != 2 {
		t.Fatalf("got %d raws and dead letters %+v", len(b.Raws), b.Bad)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  replay.Config
		want string
	}{
		{"valid", replay.Config{Paths: []string{"testdata/mixed.jsonl"}}, ""},
		{"no paths", replay.Config{}, "paths:"},
		{"missing file", replay.Config{Paths: []string{"testdata/mixed.jsonl", "testdata/nope.jsonl"}}, "paths[1]:"},
		{"directory", replay.Config{Paths: []string{"testdata"}}, "paths[0]:"},
		{"negative batch", replay.Config{Paths: []string{"testdata/mixed.jsonl"}, BatchSize: -1}, "batch_size:"},
		{"negative max line", replay.Config{Paths: []string{"testdata/mixed.jsonl"}, MaxLineBytes: -1}, "max_line_bytes:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if (tc.want == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), tc.want)) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
	if src, err := replay.New(replay.Config{Paths: []string{"testdata/mixed.jsonl"}}); err != nil || src.Name() != replay.DefaultName {
		t.Fatalf("New: %v", err)
	}
}
