package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// printSummary tells what the demo stored and where to look next.
func printSummary(ctx context.Context, st *store, f demoFlags, took time.Duration, w io.Writer) error {
	var total, dead uint64
	if err := st.conn.QueryRow(ctx, "SELECT count() FROM lingting.mentions FINAL").Scan(&total); err != nil {
		return fmt.Errorf("summarising: %w", err)
	}
	if err := st.conn.QueryRow(ctx, "SELECT count() FROM lingting.dead_letters FINAL").Scan(&dead); err != nil {
		return fmt.Errorf("summarising: %w", err)
	}
	fmt.Fprintf(w, "\nStored %d mentions in the store (this run: %.1f s), %d dead letters; peak memory %s.\n\n",
		total, took.Seconds(), dead, peakRSS())
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	err := table(ctx, st.conn, tw, "platform\tmentions\tpositive\tneutral\tnegative\tavg score\t", `
		SELECT platform, count(), countIf(sentiment_label = 'positive'), countIf(sentiment_label = 'neutral'),
		       countIf(sentiment_label = 'negative'), round(avg(sentiment_score), 3)
		FROM lingting.mentions FINAL GROUP BY platform ORDER BY platform`)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	err = table(ctx, st.conn, tw, "brand\tmentions\tnegative share\tavg score\t", `
		SELECT brand, count(), round(countIf(sentiment_label = 'negative') / count(), 3), round(avg(sentiment_score), 3)
		FROM lingting.mentions FINAL ARRAY JOIN brands AS brand
		GROUP BY brand ORDER BY count() DESC LIMIT 8`)
	if err != nil {
		return err
	}
	var persons, multi uint64
	if err := st.conn.QueryRow(ctx, "SELECT count(), countIf(length(platforms) > 1) FROM lingting.profiles FINAL").Scan(&persons, &multi); err != nil {
		return fmt.Errorf("summarising: %w", err)
	}
	fmt.Fprintf(w, "\nProfiles: %d persons, %d of them on more than one channel (lingting.profiles).\n", persons, multi)
	fmt.Fprintf(w, `
Next:
  bin/lingting serve --data-dir %[1]s     serve it again on http://%[2]s (Grafana's ClickHouse data source, clickhouse-go, curl)
  bin/lingting sql --data-dir %[1]s "SELECT text, sentiment_score FROM lingting.mentions ORDER BY sentiment_score LIMIT 5"
`, f.dataDir, f.listen)
	return nil
}

// table runs query and prints its rows under header as aligned columns.
func table(ctx context.Context, conn driver.Conn, tw *tabwriter.Writer, header, query string) error {
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return fmt.Errorf("summarising: %w", err)
	}
	defer rows.Close()
	fmt.Fprintln(tw, header)
	types := rows.ColumnTypes()
	for rows.Next() {
		vals := make([]any, len(types))
		for i, t := range types {
			vals[i] = newOf(t)
		}
		if err := rows.Scan(vals...); err != nil {
			return fmt.Errorf("summarising: %w", err)
		}
		for _, v := range vals {
			fmt.Fprintf(tw, "%v\t", deref(v))
		}
		fmt.Fprintln(tw)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("summarising: %w", err)
	}
	return tw.Flush()
}

// peakRSS is the process's peak resident memory, from /proc (Linux).
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// newOf returns a pointer to a new value of the column's Go type, for Scan.
func newOf(t driver.ColumnType) any { return reflect.New(t.ScanType()).Interface() }

// deref is the value a newOf pointer points to.
func deref(p any) any { return reflect.ValueOf(p).Elem().Interface() }
