package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
	"github.com/lingting/lingting/event"
)

// jiebaScript segments every line of the file argv[1] with jieba.lcut (default mode, HMM
// on, as jieba is normally used) after a warm-up, and prints "lines seconds".
const jiebaScript = `import sys, time, jieba
jieba.setLogLevel(60)
jieba.initialize()
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
for l in lines[:200]:
    jieba.lcut(l)
t = time.process_time()
for l in lines:
    jieba.lcut(l)
print(len(lines), time.process_time() - t)
`

// runBenchEnrich implements `lingting bench enrich [--data DIR] [--n N] [--workers W]
// [--python PATH] [--segmenter dag|shortest --model FILE]`: it enriches N texts of the shared sentiment data (food-delivery and
// shopping reviews, Weibo-length) with the full pipeline, reports mentions per second per
// core (CPU time, so the figure does not depend on W), then segments the same texts with
// python3-jieba (--python "" skips it) and reports both rates, their ratio and the peak
// resident memory. Set GOMEMLIMIT to bound the heap.
func runBenchEnrich(ctx context.Context, args []string, std stdio) error {
	if len(args) == 0 || args[0] != "enrich" {
		fmt.Fprintln(std.err, "usage: lingting bench enrich [--data DIR] [--n N] [--workers W] [--python PATH]")
		return errors.New("bench: the only benchmark is \"enrich\"")
	}
	fs := flag.NewFlagSet("bench enrich", flag.ContinueOnError)
	fs.SetOutput(std.err)
	data := fs.String("data", "../shared/data/sentiment", "directory of the labelled sentiment files (texts only are used)")
	n := fs.Int("n", 20000, "texts to enrich")
	workers := fs.Int("workers", 1, "goroutines enriching")
	python := fs.String("python", "/usr/bin/python3", "Debian's python3 with python3-jieba; empty skips jieba")
	mode := fs.String("segmenter", "dag", "gse cutting mode: dag or shortest (give --model trained with the same mode)")
	modelPath := fs.String("model", "", "sentiment model file (default: the embedded one)")
	switch err := fs.Parse(args[1:]); {
	case errors.Is(err, flag.ErrHelp):
		return nil
	case err != nil:
		return fmt.Errorf("bench: %w", err)
	}
	texts, err := benchTexts(*data, *n)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	segMode := segment.DAG
	if *mode == "shortest" {
		segMode = segment.Shortest
	}
	seg, err := segment.Load(segMode)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	var model *sentiment.Model
	if *modelPath != "" {
		f, err := os.Open(*modelPath)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		model, err = sentiment.ReadModel(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
	}
	p, err := enrich.New(enrich.Config{Segmenter: seg, Model: model, Brands: benchBrands, PIIKey: []byte("bench"), Workers: *workers}, nil, nil)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	rate, wall := benchPipeline(ctx, p, texts, *workers)
	fmt.Fprintf(std.out, "corpus: %d texts, %.1f characters on average (GOMAXPROCS %d, GOMEMLIMIT %q)\n",
		len(texts), avgRunes(texts), runtime.GOMAXPROCS(0), os.Getenv("GOMEMLIMIT"))
	fmt.Fprintf(std.out, "lingting enrich (full pipeline, %d workers): %.0f mentions/s per core (%.0f mentions/s wall)\n", *workers, rate, float64(len(texts))/wall.Seconds())
	segRate := benchSegment(seg, texts)
	fmt.Fprintf(std.out, "gse segmentation alone (%s, as the pipeline cuts): %.0f texts/s per core\n", segMode, segRate)
	fmt.Fprintf(std.out, "peak resident memory: %d MB\n", peakRSSMB())
	if *python == "" {
		return nil
	}
	jrate, err := benchJieba(ctx, *python, texts)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(std.out, "python3-jieba lcut (segmentation only): %.0f texts/s per core\n", jrate)
	fmt.Fprintf(std.out, "ratio full enrichment / jieba segmentation: %.2fx\n", rate/jrate)
	return nil
}

var benchBrands = []enrich.Brand{
	{Name: "Xiaomi", Query: `(小米 OR xiaomi OR 红米) NOT 小米粥`},
	{Name: "Huawei", Keywords: []string{"华为", "mate60"}},
	{Name: "Meituan", Keywords: []string{"美团", "外卖"}},
}

// benchTexts reads up to n texts from the shared sentiment files, in file order.
func benchTexts(dir string, n int) ([]string, error) {
	var out []string
	for _, f := range []string{sentiment.FileWaimai, sentiment.FileOnlineShopping} {
		ex, err := sentiment.ReadExamples(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		for _, e := range ex {
			if len(out) == n {
				return out, nil
			}
			if t := strings.TrimSpace(e.Text); t != "" && !strings.ContainsAny(t, "\n\r") {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// benchPipeline enriches texts on workers goroutines after a warm-up and returns mentions
// per CPU-second of the process and the wall time.
func benchPipeline(ctx context.Context, p *enrich.Pipeline, texts []string, workers int) (float64, time.Duration) {
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	mention := func(i int) event.Mention {
		return event.Mention{Schema: event.SchemaVersion, ID: event.ID(event.Weibo, strconv.Itoa(i)), Platform: event.Weibo,
			Kind: event.Post, NativeID: strconv.Itoa(i), CreatedAt: at, Text: texts[i]}
	}
	for i := range min(500, len(texts)) {
		m := mention(i)
		p.Enrich(&m)
	}
	cpu0, start := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(texts) && ctx.Err() == nil; i += workers {
				m := mention(i)
				p.Enrich(&m)
			}
		})
	}
	wg.Wait()
	return float64(len(texts)) / (cpuTime() - cpu0).Seconds(), time.Since(start)
}

// benchSegment cuts every text once on this goroutine and returns texts per CPU-second.
func benchSegment(seg *segment.Segmenter, texts []string) float64 {
	cpu0 := cpuTime()
	for _, t := range texts {
		seg.Cut(t)
	}
	return float64(len(texts)) / (cpuTime() - cpu0).Seconds()
}

// benchJieba runs jiebaScript over texts and returns texts per CPU-second.
func benchJieba(ctx context.Context, python string, texts []string) (float64, error) {
	f, err := os.CreateTemp("", "lingting-bench-*.txt")
	if err != nil {
		return 0, fmt.Errorf("writing corpus for jieba: %w", err)
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	for _, t := range texts {
		w.WriteString(t)
		w.WriteByte('\n')
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return 0, fmt.Errorf("writing corpus for jieba: %w", err)
	}
	out, err := exec.CommandContext(ctx, python, "-c", jiebaScript, f.Name()).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("running jieba with %s (install Debian's python3-jieba): %w: %s", python, err, lastLine(out))
	}
	fields := strings.Fields(lastLine(out))
	if len(fields) != 2 {
		return 0, fmt.Errorf("reading jieba's result: unexpected output %q", out)
	}
	lines, err1 := strconv.Atoi(fields[0])
	secs, err2 := strconv.ParseFloat(fields[1], 64)
	if err := errors.Join(err1, err2); err != nil || secs <= 0 {
		return 0, fmt.Errorf("reading jieba's result %q: %w", out, err)
	}
	return float64(lines) / secs, nil
}

func lastLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func avgRunes(texts []string) float64 {
	n := 0
	for _, t := range texts {
		n += len([]rune(t))
	}
	return float64(n) / float64(max(len(texts), 1))
}

// cpuTime is the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMB is the process's peak resident set (VmHWM) in MB; 0 when unknown.
func peakRSSMB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss / 1024 // kilobytes on Linux
}
