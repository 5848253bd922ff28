package dashboards_test

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
)

// grafanaQuery turns a panel's rawSql into the SQL Grafana and the ClickHouse plugin
// send for a fixed time range, interval and variable selection: Grafana substitutes the
// variables first (frontend), then the plugin expands its macros (backend). Only the
// forms the dashboards use are implemented; anything else is an error, so a panel using
// a new macro or variable format fails until the test learns it.
type grafanaQuery struct {
	from, to time.Time
	interval time.Duration
	vars     map[string][]string // variable name → selected values (All already expanded)
}

var (
	// ${name} and ${name:format}; $name and [[name]] are not used by the dashboards.
	variableRE = regexp.MustCompile(`\$\{(\w+)(?::(\w+))?\}`)
	// $__name and $__name(args), as the plugin (sqlds) matches macros.
	macroRE = regexp.MustCompile(`\$__(\w+)(?:\(([^()]*)\))?`)
)

func (q grafanaQuery) expand(raw string) (string, error) {
	var errs []string
	out := variableRE.ReplaceAllStringFunc(raw, func(m string) string {
		s, err := q.variable(variableRE.FindStringSubmatch(m))
		if err != nil {
			errs = append(errs, err.Error())
		}
		return s
	})
	out = macroRE.ReplaceAllStringFunc(out, func(m string) string {
		s, err := q.macro(macroRE.FindStringSubmatch(m))
		if err != nil {
			errs = append(errs, err.Error())
		}
		return s
	})
	if len(errs) > 0 {
		return "", fmt.Errorf("expanding %q: %s", raw, strings.Join(errs, "; "))
	}
	if strings.Contains(out, "$") || strings.Contains(out, "[[") {
		return "", fmt.Errorf("expanding %q: unexpanded reference left in %q", raw, out)
	}
	return out, nil
}

// variable formats a selection like Grafana's "singlequote" format: each value in single
// quotes with ' escaped as \', joined by commas.
func (q grafanaQuery) variable(m []string) (string, error) {
	values, ok := q.vars[m[1]]
	if !ok {
		return "", fmt.Errorf("variable %q has no selection", m[1])
	}
	if m[2] != "singlequote" {
		return "", fmt.Errorf("variable %q: format %q not implemented", m[1], m[2])
	}
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", `\'`) + "'"
	}
	return strings.Join(quoted, ","), nil
}

// macro expands the plugin's macros as grafana/clickhouse-datasource pkg/macros does.
func (q grafanaQuery) macro(m []string) (string, error) {
	name, args := m[1], splitArgs(m[2])
	switch {
	case name == "timeFilter" && len(args) == 1:
		return fmt.Sprintf("%s >= toDateTime(%d) AND %s <= toDateTime(%d)",
			args[0], q.from.Unix(), args[0], q.to.Unix()), nil
	case name == "timeInterval" && len(args) == 1:
		secs := int(math.Max(q.interval.Seconds(), 1))
		return fmt.Sprintf("toStartOfInterval(toDateTime(%s), INTERVAL %d second)", args[0], secs), nil
	}
	return "", fmt.Errorf("macro $__%s(%s) not implemented", name, m[2])
}

func splitArgs(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	args := strings.Split(s, ",")
	for i := range args {
		args[i] = strings.TrimSpace(args[i])
	}
	return args
}

func TestExpand(t *testing.T) {
	q := grafanaQuery{
		from: time.Unix(1000, 0), to: time.Unix(2000, 0), interval: 300 * time.Second,
		vars: map[string][]string{"brand": {"L'Oréal", "华为"}},
	}
	tests := []struct {
		name, raw, want string
		wantErr         bool
	}{
		{name: "time filter", raw: "WHERE $__timeFilter(created_at)",
			want: "WHERE created_at >= toDateTime(1000) AND created_at <= toDateTime(2000)"},
		{name: "time interval", raw: "SELECT $__timeInterval(minute) AS time",
			want: "SELECT toStartOfInterval(toDateTime(minute), INTERVAL 300 second) AS time"},
		{name: "multi-value singlequote", raw: "brand IN (${brand:singlequote})",
			want: `brand IN ('L\'Oréal','华为')`},
		{name: "unknown macro", raw: "$__fromTime", wantErr: true},
		{name: "unknown variable", raw: "${platform:singlequote}", wantErr: true},
		{name: "unknown format", raw: "${brand:csv}", wantErr: true},
		{name: "bare variable", raw: "brand = $brand", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.expand(tt.raw)
			if (err != nil) != tt.wantErr {
				t.Fatalf("expand(%q) error = %v, want error %v", tt.raw, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("expand(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}
