package dashboards_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lingting/lingting/dashboards"
)

// metricDef is a metric some package of the module defines in its metrics.go.
type metricDef struct {
	kind   string // Counter, Gauge, Histogram or Summary
	labels []string
	file   string
}

// moduleMetrics reads every metrics.go of the module and returns the metrics its
// prometheus.NewXxx(Vec) calls define, by full name. It resolves the Namespace,
// Subsystem and Name fields and the label lists from string literals and the file's
// local constants and []string variables, the forms the module's metrics.go files use.
func moduleMetrics(t *testing.T) map[string]metricDef {
	t.Helper()
	defs := map[string]metricDef{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "metrics.go" {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for name, def := range fileMetrics(f, path) {
			defs[name] = def
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

var newMetricRE = regexp.MustCompile(`^New(Counter|Gauge|Histogram|Summary)(Vec)?$`)

func fileMetrics(f *ast.File, path string) map[string]metricDef {
	strs, lists := map[string]string{}, map[string][]string{}
	defs := map[string]metricDef{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec: // const ns, sub = "lingting", "ingest"
			for i, id := range n.Names {
				if i < len(n.Values) {
					if s, ok := strLit(n.Values[i]); ok {
						strs[id.Name] = s
					}
				}
			}
		case *ast.AssignStmt: // tg := []string{"topic", "group"}
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && i < len(n.Rhs) {
					if l, ok := strList(n.Rhs[i], strs, lists); ok {
						lists[id.Name] = l
					}
				}
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || len(n.Args) == 0 {
				return true
			}
			m := newMetricRE.FindStringSubmatch(sel.Sel.Name)
			opts, ok := n.Args[0].(*ast.CompositeLit)
			if m == nil || !ok {
				return true
			}
			parts := map[string]string{}
			for _, el := range opts.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if s, ok := resolve(kv.Value, strs); ok {
						parts[kv.Key.(*ast.Ident).Name] = s
					}
				}
			}
			var name []string
			for _, k := range []string{"Namespace", "Subsystem", "Name"} {
				if parts[k] != "" {
					name = append(name, parts[k])
				}
			}
			def := metricDef{kind: m[1], file: path}
			if len(n.Args) > 1 {
				def.labels, _ = strList(n.Args[1], strs, lists)
			}
			defs[strings.Join(name, "_")] = def
		}
		return true
	})
	return defs
}

func strLit(e ast.Expr) (string, bool) {
	if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	return "", false
}

func resolve(e ast.Expr, strs map[string]string) (string, bool) {
	if id, ok := e.(*ast.Ident); ok {
		s, ok := strs[id.Name]
		return s, ok
	}
	return strLit(e)
}

func strList(e ast.Expr, strs map[string]string, lists map[string][]string) ([]string, bool) {
	if id, ok := e.(*ast.Ident); ok {
		l, ok := lists[id.Name]
		return l, ok
	}
	c, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []string
	for _, el := range c.Elts {
		s, ok := resolve(el, strs)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

var (
	promMetricRE = regexp.MustCompile(`\blingting_[a-z0-9_]+`)
	byRE         = regexp.MustCompile(`by \(([^)]*)\)`)
	matcherRE    = regexp.MustCompile(`\{([^}]*)\}`)
	rateRE       = regexp.MustCompile(`(?:rate|increase)\((lingting_[a-z0-9_]+)`)
)

// TestPrometheusQueriesUseRealMetrics checks every PromQL query of the dashboards, and
// of the operators' Prometheus rules in deploy/prometheus/rules.yml, against the metrics the module defines: each metric exists (histograms through their
// _bucket, _sum and _count series), rate() reads only counters and histogram series,
// and every label in a by clause or a matcher is a label of the metrics the query reads.
func TestPrometheusQueriesUseRealMetrics(t *testing.T) {
	defs := moduleMetrics(t)
	queries := append(promQueries(), deployRuleExprs(t)...)
	if len(defs) < 20 {
		t.Fatalf("found %d metrics in the module's metrics.go files, expected more: is the parser lost?", len(defs))
	}
	for _, q := range queries {
		used := promMetricRE.FindAllString(q, -1)
		if len(used) == 0 {
			t.Errorf("%q reads no lingting_ metric", q)
		}
		labels := map[string]bool{}
		for _, name := range used {
			def, series := lookupMetric(defs, name)
			if def == nil {
				t.Errorf("%q: metric %s is defined in no metrics.go", q, name)
				continue
			}
			for _, l := range def.labels {
				labels[l] = true
			}
			if def.kind == "Histogram" && series == "_bucket" {
				labels["le"] = true
			}
		}
		for _, m := range rateRE.FindAllStringSubmatch(q, -1) {
			if def, series := lookupMetric(defs, m[1]); def != nil && def.kind != "Counter" && series == "" {
				t.Errorf("%q: rate over %s, a %s", q, m[1], def.kind)
			}
		}
		var want []string
		for _, m := range byRE.FindAllStringSubmatch(q, -1) {
			want = append(want, splitArgs(m[1])...)
		}
		for _, m := range matcherRE.FindAllStringSubmatch(q, -1) {
			for _, eq := range splitArgs(m[1]) {
				want = append(want, strings.TrimRight(strings.SplitN(eq, "=", 2)[0], "!~"))
			}
		}
		for _, l := range want {
			if !labels[l] {
				t.Errorf("%q: label %q is not a label of %v", q, l, used)
			}
		}
	}
}

// lookupMetric finds name, or the histogram or summary it is a series of.
func lookupMetric(defs map[string]metricDef, name string) (*metricDef, string) {
	if d, ok := defs[name]; ok {
		return &d, ""
	}
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if d, ok := defs[strings.TrimSuffix(name, suffix)]; ok && strings.HasSuffix(name, suffix) &&
			(d.kind == "Histogram" || d.kind == "Summary" && suffix != "_bucket") {
			return &d, suffix
		}
	}
	return nil, ""
}

// promQueries returns every PromQL query of the dashboards, with Grafana's
// $__rate_interval replaced by 5m.
func promQueries() []string {
	var qs []string
	for _, d := range dashboards.All() {
		for _, p := range d.Panels {
			for _, tg := range p.Targets {
				if tg.Datasource.Type == dashboards.PrometheusType {
					qs = append(qs, strings.ReplaceAll(tg.Expr, "$__rate_interval", "5m"))
				}
			}
		}
	}
	return qs
}

// TestPrometheusQueriesParse has promtool (Debian package prometheus) parse every query
// as the expression of a recording rule.
func TestPrometheusQueriesParse(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool not found: install the Debian package prometheus")
		}
		t.Skip("promtool not found (Debian package prometheus)")
	}
	var b strings.Builder
	b.WriteString("groups:\n  - name: dashboards\n    rules:\n")
	for i, q := range promQueries() {
		b.WriteString("      - record: lingting:dashboard_query_" + strconv.Itoa(i) + "\n        expr: " + strconv.Quote(q) + "\n")
	}
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(promtool, "check", "rules", path).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	if n := len(promQueries()); !strings.Contains(string(out), "SUCCESS: "+strconv.Itoa(n)+" rules found") {
		t.Errorf("promtool did not check %d rules:\n%s", n, out)
	}
}

// deployRuleExprs returns the expressions of the Prometheus rules the deployment ships.
func deployRuleExprs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", "prometheus", "rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Groups []struct {
			Rules []struct{ Expr string }
		}
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			out = append(out, r.Expr)
		}
	}
	return out
}
