package replay_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lingting/lingting/ingest/replay"
)

// FuzzFetch: whatever a file holds, every non-blank line comes out exactly once, as an
// envelope or a dead letter, and reading ends with ErrDone.
func FuzzFetch(f *testing.F) {
	for _, name := range []string{"testdata/mixed.jsonl", "testdata/second.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(3))
	}
	f.Add([]byte("\n\r\n  \n{}"), uint8(1))
	path := filepath.Join(f.TempDir(), "f.jsonl") // one file, rewritten: execs run one at a time per process
	f.Fuzz(func(t *testing.T, data []byte, batch uint8) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := replay.New(replay.Config{Paths: []string{path}, BatchSize: int(batch%8) + 1, MaxLineBytes: 200})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		got, _ := drain(t, src, "") // drain also checks that the end is ErrDone
		want := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 || len(l) > 201 {
				want++
			}
		}
		if len(got) != want {
			t.Fatalf("%d records from %d non-blank lines", len(got), want)
		}
	})
}
