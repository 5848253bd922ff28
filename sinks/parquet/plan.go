package parquet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// ErrNoTable means the table to export does not exist.
var ErrNoTable = errors.New("no such table")

// plan reads the table's engine and columns and builds the export query.
func (e *Exporter) plan(ctx context.Context) (plan, error) {
	c := e.cfg
	p := plan{table: c.Database + "." + c.Table}
	var engine string
	err := e.conn.QueryRow(ctx, fmt.Sprintf(
		"SELECT engine FROM system.tables WHERE database = '%s' AND name = '%s'", c.Database, c.Table)).Scan(&engine)
	if err != nil {
		return plan{}, fmt.Errorf("looking up %s: %w (%w)", p.table, ErrNoTable, err)
	}
	p.final = strings.Contains(engine, "ReplacingMergeTree") && !c.NoFinal
	names, types, err := e.describe(ctx, p.table)
	if err != nil {
		return plan{}, err
	}
	if err := p.selectColumns(c.Columns, names, types); err != nil {
		return plan{}, err
	}
	if p.where, err = timeFilter(c, names, types); err != nil {
		return plan{}, fmt.Errorf("filtering %s: %w", p.table, err)
	}
	return p, nil
}

// describe returns the table's column names and ClickHouse types, in table order.
func (e *Exporter) describe(ctx context.Context, table string) (names, types []string, err error) {
	db, name, _ := strings.Cut(table, ".")
	rows, err := e.conn.Query(ctx, fmt.Sprintf(
		"SELECT name, type FROM system.columns WHERE database = '%s' AND table = '%s' ORDER BY position", db, name))
	if err != nil {
		return nil, nil, fmt.Errorf("describing %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, t string
		if err := rows.Scan(&n, &t); err != nil {
			return nil, nil, fmt.Errorf("describing %s: %w", table, err)
		}
		names, types = append(names, n), append(types, t)
	}
	return names, types, rows.Err()
}

// selectColumns maps the wanted columns (all when want is empty) to Arrow.
func (p *plan) selectColumns(want, names, types []string) error {
	if len(want) == 0 {
		want = names
	}
	fields := make([]arrow.Field, 0, len(want))
	for _, n := range want {
		i := slices.Index(names, n)
		if i < 0 {
			return fmt.Errorf("exporting %s: no column %q", p.table, n)
		}
		col, err := newColumn(n, types[i])
		if err != nil {
			return fmt.Errorf("exporting %s: %w", p.table, err)
		}
		p.cols, p.names = append(p.cols, col), append(p.names, n)
		fields = append(fields, col.field)
	}
	p.schema = arrow.NewSchema(fields, nil)
	return nil
}

// timeFilter returns the WHERE condition for Since and Until on the time column, or ""
// when neither is set.
func timeFilter(c Config, names, types []string) (string, error) {
	if c.Since.IsZero() && c.Until.IsZero() {
		return "", nil
	}
	col := c.TimeColumn
	if col == "" {
		for i, t := range types {
			if t, _ := unwrap(t); strings.HasPrefix(t, "DateTime") || strings.HasPrefix(t, "Date") {
				col = names[i]
				break
			}
		}
	}
	if col == "" {
		return "", errors.New("since/until need a time column and the table has no Date or DateTime column")
	}
	if !slices.Contains(names, col) {
		return "", fmt.Errorf("no time column %q", col)
	}
	var conds []string
	if !c.Since.IsZero() {
		conds = append(conds, fmt.Sprintf("`%s` >= %s", col, timeLiteral(c.Since)))
	}
	if !c.Until.IsZero() {
		conds = append(conds, fmt.Sprintf("`%s` < %s", col, timeLiteral(c.Until)))
	}
	return strings.Join(conds, " AND "), nil
}

// timeLiteral is t as a ClickHouse DateTime64(3, 'UTC') literal.
func timeLiteral(t time.Time) string {
	return fmt.Sprintf("toDateTime64('%s', 3, 'UTC')", t.UTC().Format("2006-01-02 15:04:05.000"))
}
