package clickhouse

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lingting/lingting/event"
)

// Tables the Writer inserts into, in database lingting.
const (
	TableMentions    = "mentions"
	TableAccounts    = "accounts"
	TableDeadLetters = "dead_letters"
)

// Writer inserts batches of records into the lingting tables. Each Write call is one
// synchronous insert (or several, when the batch exceeds WriterConfig.MaxRows), retried
// on transient errors, and returns nil only when every row is stored. Size and time
// batching happen upstream, in the bus consumer: a Writer writes exactly what it is
// given. A Writer is safe for concurrent use; it does not own conn (the caller closes it).
//
// Personal data: mention text arrives already redacted by the enrich stage; the Writer
// logs table names, row counts and errors, never row values.
type Writer struct {
	conn    driver.Conn
	cfg     WriterConfig
	metrics *metrics
	log     *slog.Logger

	mu    sync.Mutex
	types map[string]map[string]string // table → column → ClickHouse type
}

// NewWriter returns a Writer over conn. cfg should have passed Validate; zero fields take
// their defaults. reg may be nil (no metrics registered); log may be nil (discard).
func NewWriter(conn driver.Conn, cfg WriterConfig, reg prometheus.Registerer, log *slog.Logger) *Writer {
	return &Writer{
		conn:    conn,
		cfg:     cfg.withDefaults(),
		metrics: newMetrics(reg),
		log:     orDiscard(log),
		types:   map[string]map[string]string{},
	}
}

// WriteMentions stores ms in lingting.mentions. Every mention must pass ValidateMention;
// otherwise nothing is written and the error names the first bad one. A nil error means
// every row is stored; a replay of the same mentions adds no visible rows (see package
// doc). ms is not modified or kept.
func (w *Writer) WriteMentions(ctx context.Context, ms []event.Mention) error {
	for i := range ms {
		if err := ValidateMention(&ms[i]); err != nil {
			return fmt.Errorf("writing mentions: #%d: %w", i, err)
		}
	}
	return writeChunks(ctx, w, TableMentions, ms, mentionColumns, mentionToken)
}

// WriteAccounts stores the authors of ms in lingting.accounts, one row per author id
// (the values of the author's latest mention in ms). Mentions without an author native
// id are skipped. A nil error means every row is stored.
func (w *Writer) WriteAccounts(ctx context.Context, ms []event.Mention) error {
	return writeChunks(ctx, w, TableAccounts, accountsOf(ms), accountColumns, accountToken)
}

// WriteDeadLetters stores dls in lingting.dead_letters. A dead letter without an id is
// an error (nothing is written). A nil error means every row is stored.
func (w *Writer) WriteDeadLetters(ctx context.Context, dls []event.DeadLetter) error {
	for i := range dls {
		if dls[i].ID == "" {
			return fmt.Errorf("writing dead letters: #%d: %w", i, errEmptyID)
		}
	}
	return writeChunks(ctx, w, TableDeadLetters, dls, deadLetterColumns, deadLetterToken)
}

// writeChunks inserts rows in parts of at most MaxRows, each with its own token.
func writeChunks[T any](ctx context.Context, w *Writer, table string, rows []T,
	columns func([]T) []column, token func([]T) string) error {
	for start := 0; start < len(rows); start += w.cfg.MaxRows {
		part := rows[start:min(start+w.cfg.MaxRows, len(rows))]
		if err := w.insert(ctx, table, len(part), columns(part), token(part)); err != nil {
			return fmt.Errorf("writing %s: %w", table, err)
		}
	}
	return nil
}

// insert runs one insert, retrying transient failures with exponential back-off.
func (w *Writer) insert(ctx context.Context, table string, n int, cols []column, token string) error {
	wait := w.cfg.Backoff
	for attempt := 0; ; attempt++ {
		start := time.Now()
		err := w.send(ctx, table, cols, token)
		w.metrics.duration.WithLabelValues(table).Observe(time.Since(start).Seconds())
		if err == nil {
			w.metrics.rows.WithLabelValues(table).Add(float64(n))
			w.metrics.batchRows.WithLabelValues(table).Observe(float64(n))
			return nil
		}
		if attempt >= w.cfg.Retries || !transient(ctx, err) {
			w.metrics.errors.WithLabelValues(table).Inc()
			return fmt.Errorf("inserting %d rows (attempt %d): %w", n, attempt+1, err)
		}
		w.metrics.retries.WithLabelValues(table).Inc()
		w.log.Warn("clickhouse insert failed, retrying", "table", table, "rows", n,
			"attempt", attempt+1, "wait", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			w.metrics.errors.WithLabelValues(table).Inc()
			return fmt.Errorf("inserting %d rows: waiting to retry: %w", n, err)
		}
		wait = min(2*wait, w.cfg.MaxBackoff)
	}
}

// send is one insert attempt: a fresh batch, columns appended whole, Send.
func (w *Writer) send(ctx context.Context, table string, cols []column, token string) error {
	types, err := w.columnTypes(ctx, table, cols)
	if err != nil {
		return err
	}
	ctx = ch.Context(ctx,
		ch.WithSettings(ch.Settings{"insert_deduplication_token": token}),
		ch.WithColumnNamesAndTypes(types))
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	b, err := w.conn.PrepareBatch(ctx,
		fmt.Sprintf("INSERT INTO lingting.%s (%s)", table, strings.Join(names, ", ")))
	if err != nil {
		return fmt.Errorf("preparing batch: %w", err)
	}
	defer b.Close()
	for i, c := range cols {
		if err := b.Column(i).Append(c.values); err != nil {
			return fmt.Errorf("appending column %s: %w", c.name, err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("sending batch: %w", err)
	}
	return nil
}

// columnTypes returns the ClickHouse types of cols, read once per table from
// system.columns. Passing them saves clickhouse-go's DESCRIBE before each HTTP insert.
func (w *Writer) columnTypes(ctx context.Context, table string, cols []column) ([]ch.ColumnNameAndType, error) {
	types, err := w.tableTypes(ctx, table)
	if err != nil {
		return nil, err
	}
	out := make([]ch.ColumnNameAndType, len(cols))
	for i, c := range cols {
		t, ok := types[c.name]
		if !ok {
			return nil, fmt.Errorf("column %s.%s does not exist: %w", table, c.name, errSchema)
		}
		out[i] = ch.ColumnNameAndType{Name: c.name, Type: t}
	}
	return out, nil
}

func (w *Writer) tableTypes(ctx context.Context, table string) (map[string]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t, ok := w.types[table]; ok {
		return t, nil
	}
	rows, err := w.conn.Query(ctx,
		"SELECT name, type FROM system.columns WHERE database = 'lingting' AND table = '"+table+"'")
	if err != nil {
		return nil, fmt.Errorf("reading columns of %s: %w", table, err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, fmt.Errorf("reading columns of %s: %w", table, err)
		}
		types[name] = typ
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading columns of %s: %w", table, err)
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("table lingting.%s not found (run Migrate first): %w", table, errSchema)
	}
	w.types[table] = types
	return types, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
