package enrich

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/lingting/lingting/enrich/sentiment"
)

// BenchmarkEnrichReviews enriches Weibo-length reviews from the shared data
// (waimai_10k.csv), one mention per op on one goroutine.
func BenchmarkEnrichReviews(b *testing.B) {
	ex, err := sentiment.ReadExamples(filepath.Join("..", "..", "shared", "data", "sentiment", sentiment.FileWaimai))
	if err != nil {
		b.Fatal(err)
	}
	p := newPipeline(b, nil)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		m := mention(ex[i%len(ex)].Text)
		p.Enrich(&m)
	}
	reportRates(b, cpu0)
}

// reportRates reports mentions per second of wall time and per second of the process's
// CPU time since cpu0 (less sensitive to other jobs on the machine; with -cpu 1 it is
// per core, garbage collection included).
func reportRates(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "mentions/cpu-s")
	}
}

// cpuTime is the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEnrichBenchCorpus enriches the texts `lingting bench enrich` uses (waimai then
// online_shopping, the first 20,000), with a PII key, one mention per op on one goroutine.
func BenchmarkEnrichBenchCorpus(b *testing.B) {
	var texts []string
	for _, f := range []string{sentiment.FileWaimai, sentiment.FileOnlineShopping} {
		ex, err := sentiment.ReadExamples(filepath.Join("..", "..", "shared", "data", "sentiment", f))
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range ex {
			texts = append(texts, e.Text)
		}
	}
	texts = texts[:min(20000, len(texts))]
	p, err := New(Config{Segmenter: seg, IDF: idf, Brands: testBrands, PIIKey: []byte("bench")}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		m := mention(texts[i%len(texts)])
		p.Enrich(&m)
	}
	reportRates(b, cpu0)
}
