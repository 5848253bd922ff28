package replay

import (
	"os"
	"strings"
	"testing"

	"github.com/lingting/lingting/event"
)

func FuzzDecodeLine(f *testing.F) {
	for _, name := range []string{"testdata/mixed.jsonl", "testdata/second.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			f.Add([]byte(l))
		}
	}
	f.Add([]byte(`{"schema":1,"id":"weibo:1","platform":"weibo","kind":"post","native_id":"1","payload":null}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		raw, err := decodeLine(line)
		if err != nil {
			return
		}
		if err := raw.Validate(); err != nil {
			t.Fatalf("decodeLine accepted an invalid envelope: %v", err)
		}
		again, err := event.Encode(raw)
		if err != nil {
			return // e.g. a fetched_at year json cannot write back; not the decoder's concern
		}
		back, err := decodeLine(again)
		if err != nil || back.ID != raw.ID {
			t.Fatalf("re-encoded envelope does not decode the same: %v", err)
		}
		if twice, err := event.Encode(back); err != nil || string(twice) != string(again) {
			t.Fatalf("encoding is not stable after one round trip: %v\n%s\n%s", err, again, twice)
		}
	})
}
