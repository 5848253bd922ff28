package parquet

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/prometheus/client_golang/prometheus"
)

// Stats describes a finished export.
type Stats struct {
	Rows    int64         // rows written
	Batches int64         // record batches written
	Elapsed time.Duration // from the first query to the file's footer
}

// Exporter writes one table's rows to a file. It is not safe for concurrent use; make
// one per export.
type Exporter struct {
	conn driver.Conn
	cfg  Config
	met  *metrics
	log  *slog.Logger
	mem  memory.Allocator
}

// NewExporter returns an Exporter reading through conn, or the first invalid field of
// cfg. reg may be nil (nothing registered); log may be nil (discarded). conn stays the
// caller's to close.
func NewExporter(conn driver.Conn, cfg Config, reg prometheus.Registerer, log *slog.Logger) (*Exporter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Exporter{conn: conn, cfg: cfg.withDefaults(), met: newMetrics(reg), log: log,
		mem: memory.NewGoAllocator()}, nil
}

// Export streams the selected rows into w as one Parquet or Arrow IPC file and returns
// what it wrote. It blocks until the file is complete, ctx ends or an error occurs; on
// error w holds an incomplete file the caller should discard. Export does not close w.
func (e *Exporter) Export(ctx context.Context, w io.Writer) (Stats, error) {
	start := time.Now()
	plan, err := e.plan(ctx)
	if err != nil {
		return Stats{}, err
	}
	var total int64
	if e.cfg.Progress != nil {
		if total, err = e.count(ctx, plan); err != nil {
			return Stats{}, err
		}
	}
	fw, err := newFileWriter(e.cfg, plan.schema, w, e.mem)
	if err != nil {
		return Stats{}, err
	}
	st, err := e.stream(ctx, plan, fw, total)
	if cerr := fw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("finishing the %s file: %w", e.cfg.Format, cerr)
	}
	st.Elapsed = time.Since(start)
	if err == nil {
		e.log.Info("export finished", "table", e.cfg.Table, "rows", st.Rows, "elapsed", st.Elapsed)
	}
	return st, err
}

// stream runs the query and writes its rows in batches of BatchRows.
func (e *Exporter) stream(ctx context.Context, p plan, fw fileWriter, total int64) (Stats, error) {
	rows, err := e.conn.Query(ctx, p.selectSQL())
	if err != nil {
		return Stats{}, fmt.Errorf("querying %s: %w", p.table, err)
	}
	defer rows.Close()
	rb := array.NewRecordBuilder(e.mem, p.schema)
	defer rb.Release()
	dest := make([]any, len(p.cols))
	for i, c := range p.cols {
		dest[i] = c.dest
	}
	var st Stats
	n := 0
	flush := func() error {
		rec := rb.NewRecordBatch()
		defer rec.Release()
		if err := fw.Write(rec); err != nil {
			return fmt.Errorf("writing a record batch: %w", err)
		}
		st.Rows += int64(n)
		st.Batches++
		e.met.rows.WithLabelValues(e.cfg.Table).Add(float64(n))
		e.met.batches.WithLabelValues(e.cfg.Table).Inc()
		n = 0
		if e.cfg.Progress != nil {
			e.cfg.Progress(st.Rows, max(total, st.Rows))
		}
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return st, fmt.Errorf("scanning a row of %s: %w", p.table, err)
		}
		for i, c := range p.cols {
			c.appendTo(rb.Field(i))
		}
		if n++; n == e.cfg.BatchRows {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("reading rows of %s: %w", p.table, err)
	}
	if n > 0 || st.Batches == 0 {
		return st, flush()
	}
	return st, nil
}

// count returns the number of rows the export will write, for the progress callback.
func (e *Exporter) count(ctx context.Context, p plan) (int64, error) {
	var n uint64
	if err := e.conn.QueryRow(ctx, "SELECT count() FROM "+p.from()).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting rows of %s: %w", p.table, err)
	}
	return int64(n), nil
}

// plan is the export query and the columns it returns.
type plan struct {
	table  string // database.table
	final  bool
	where  string
	cols   []column
	names  []string
	schema *arrow.Schema
}

func (p plan) from() string {
	s := p.table
	if p.final {
		s += " FINAL"
	}
	if p.where != "" {
		s += " WHERE " + p.where
	}
	return s
}

func (p plan) selectSQL() string {
	quoted := make([]string, len(p.names))
	for i, n := range p.names {
		quoted[i] = "`" + n + "`"
	}
	return "SELECT " + strings.Join(quoted, ", ") + " FROM " + p.from()
}
