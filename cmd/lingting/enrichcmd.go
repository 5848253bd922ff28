package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/lingting/lingting/enrich"
	"github.com/lingting/lingting/event"
)

// runEnrich is two commands: with --config (and no --stdin) the distributed enrich stage;
// otherwise a filter from JSON lines on stdin to enriched records on stdout.
func runEnrich(ctx context.Context, args []string, std stdio) error {
	fs := flag.NewFlagSet("enrich", flag.ContinueOnError)
	fs.SetOutput(std.err)
	path := fs.String("config", "", "YAML config `file`; alone, runs the Kafka enrich stage")
	stdin := fs.Bool("stdin", false, "filter stdin to stdout even with --config (brands from the config)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: lingting enrich [--config FILE [--stdin]]

Without --config: reads JSON lines from stdin, each at least {"text": "…"} or a whole
mention, and writes one enriched mention per line to stdout, in the same order, with
sentiment.score in [-1, 1] (> 0 positive) and sentiment.label. A line that is not JSON
(or has neither "text" nor "id") gives {"line": N, "error": "…"} in its
place, and the exit status is 1.
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := Config{}.withDefaults()
	if *path != "" {
		c, err := loadConfig(*path)
		if err != nil {
			return err
		}
		cfg = c
		if !*stdin {
			if err := needKafka("enrich", cfg); err != nil {
				return err
			}
			return runPipeline(ctx, cfg, roles{enrich: true}, newLogger(std.err, cfg.LogLevel), nil)
		}
	}
	p, err := newPipeline(cfg, nil, newLogger(std.err, "warn"))
	if err != nil {
		return err
	}
	return enrichLines(ctx, p, std.in, std.out)
}

// enrichLines enriches stdin to stdout in chunks, each chunk's lines in parallel, the
// output in input order.
func enrichLines(ctx context.Context, p *enrich.Pipeline, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	w := bufio.NewWriter(out)
	const chunk = 1024
	lines := make([][]byte, 0, chunk)
	n, failed := 0, 0
	flush := func() error {
		outs := enrichChunk(p, lines)
		for i, o := range outs {
			if o.err != nil {
				failed++
				o.line, _ = json.Marshal(map[string]any{"line": n + i + 1, "error": o.err.Error()})
			}
			w.Write(o.line)
			w.WriteByte('\n')
		}
		n += len(lines)
		lines = lines[:0]
		return w.Flush()
	}
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
		if len(lines) == chunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading stdin: %w", err)
	}
	if err := flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d lines could not be enriched (see their error records)", failed, n)
	}
	return nil
}

type enriched struct {
	line []byte
	err  error
}

func enrichChunk(p *enrich.Pipeline, lines [][]byte) []enriched {
	outs := make([]enriched, len(lines))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, l := range lines {
		g.Go(func() error {
			outs[i] = enrichLine(p, l)
			return nil
		})
	}
	g.Wait()
	return outs
}

func enrichLine(p *enrich.Pipeline, line []byte) enriched {
	var m event.Mention
	if err := json.Unmarshal(line, &m); err != nil {
		return enriched{err: fmt.Errorf("decoding line: %w", err)}
	}
	if m.Text == "" && m.ID == "" {
		return enriched{err: errors.New(`line has neither "text" nor "id": nothing to enrich`)}
	}
	p.Enrich(&m)
	b, err := event.Encode(m)
	return enriched{line: b, err: err}
}
