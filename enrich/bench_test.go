package enrich

import (
	"path/filepath"
	"testing"

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
	for i := 0; b.Loop(); i++ {
		m := mention(ex[i%len(ex)].Text)
		p.Enrich(&m)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}
