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
	for i := 0; b.Loop(); i++ {
		m := mention(texts[i%len(texts)])
		p.Enrich(&m)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mentions/s")
}
