package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

const (
	kafkaGo = "github.com/segmentio/kafka-go"
	purego  = "github.com/ebitengine/purego"
)

// module is this module's path; TestImportDirection checks that go list agrees.
const module = "github.com/lingting/lingting"

// rule is one constraint on an import edge from → to, both full import paths.
type rule struct {
	name   string
	broken func(from, to string) bool
	// testOK, when set, allows an edge from a _test.go file that would break the rule.
	testOK func(to string) bool
}

// rules are the import constraints; they apply to test imports too.
var rules = []rule{
	{"event imports nothing of the module", func(from, to string) bool {
		return in(from, "event") && local(to) && !in(to, "event")
	}, nil},
	{"bus imports nothing of the module but event", func(from, to string) bool {
		return in(from, "bus") && local(to) && !in(to, "bus") && !in(to, "event")
	}, nil},
	{"no stage imports another stage", func(from, to string) bool {
		s, t := stage(from), stage(to)
		return s != "" && t != "" && s != t
	}, isTestSupport},
	{"only bus imports kafka-go", func(from, to string) bool {
		return under(to, kafkaGo) && !in(from, "bus")
	}, nil},
	{"only sinks/clickhouse/chdb imports purego", func(from, to string) bool {
		return under(to, purego) && !in(from, "sinks/clickhouse/chdb")
	}, nil},
	{"nothing but cmd imports cmd", func(from, to string) bool {
		return in(to, "cmd") && !in(from, "cmd")
	}, nil},
}

// isTestSupport reports whether p is a package that exists for other packages' tests: the
// real engine behind a migrated clickhouse-go connection (sinks/clickhouse/chtest).
func isTestSupport(p string) bool { return p == module+"/sinks/clickhouse/chtest" }

// local reports whether p is a package of the module.
func local(p string) bool { return under(p, module) }

// in reports whether p is the module's directory dir or a package inside it.
func in(p, dir string) bool { return under(p, module+"/"+dir) }

// under reports whether import path p is dir or inside it.
func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// stage names the stage a module package belongs to: "ingest", "enrich", "identity", or
// "sinks/<name>" (each sink is its own stage); "" for packages that are not in a stage.
func stage(p string) string {
	if !local(p) {
		return ""
	}
	parts := strings.Split(strings.TrimPrefix(p, module+"/"), "/")
	switch parts[0] {
	case "ingest", "enrich", "identity":
		return parts[0]
	case "sinks":
		if len(parts) > 1 {
			return "sinks/" + parts[1]
		}
		return "sinks"
	}
	return ""
}

// edge is one import.
type edge struct {
	from, to string
	test     bool // from a _test.go file
}

// violations checks every edge against every rule and returns one line per violation,
// sorted.
func violations(edges []edge) []string {
	var out []string
	for _, e := range edges {
		for _, r := range rules {
			if r.broken(e.from, e.to) && !(e.test && r.testOK != nil && r.testOK(e.to)) {
				kind := ""
				if e.test {
					kind = " (test)"
				}
				out = append(out, fmt.Sprintf("%s → %s%s: %s", short(e.from), short(e.to), kind, r.name))
			}
		}
	}
	sort.Strings(out)
	return out
}

// short drops the module path for messages.
func short(p string) string { return strings.TrimPrefix(p, module+"/") }

// goPackage is the part of `go list -json` output the test reads.
type goPackage struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

// moduleEdges lists the direct imports of the module's packages and their tests.
func moduleEdges(t *testing.T) []edge {
	t.Helper()
	mod := goCmd(t, "list", "-m", "-f", "{{.Path}}\t{{.Dir}}")
	path, dir, ok := strings.Cut(strings.TrimSpace(string(mod)), "\t")
	if !ok || path != module {
		t.Fatalf("go list -m printed %q, want module %s", mod, module)
	}
	out := goCmdIn(t, dir, "list", "-e", "-json=ImportPath,Imports,TestImports,XTestImports", "./...")
	var edges []edge
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		for _, imp := range p.Imports {
			edges = append(edges, edge{p.ImportPath, imp, false})
		}
		for _, imp := range append(p.TestImports, p.XTestImports...) {
			edges = append(edges, edge{p.ImportPath, imp, true})
		}
	}
	if len(edges) == 0 {
		t.Fatal("go list found no imports at all")
	}
	return edges
}

func goCmd(t *testing.T, args ...string) []byte { return goCmdIn(t, "", args...) }

func goCmdIn(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// TestImportDirection fails when the module's import graph breaks a rule.
func TestImportDirection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the whole module")
	}
	edges := moduleEdges(t)
	if !slices.Contains(edges, edge{module + "/ingest", module + "/bus", false}) {
		t.Fatal("go list output lacks the edge ingest → bus: the graph was not read")
	}
	for _, v := range violations(edges) {
		t.Error(v)
	}
}

// TestRules checks the checker on a synthetic graph, so that TestImportDirection can fail.
func TestRules(t *testing.T) {
	tests := []struct {
		from, to string
		want     string // the rule broken; "" when the edge is allowed
	}{
		{"event", "std:fmt", ""},
		{"enrich", "std:strings", ""},
		{"bus", "std:context", ""},
		{"event", "bus", "event imports nothing of the module"},
		{"event/schema", "internal/clock", "event imports nothing of the module"},
		{"event", "event/schema", ""},
		{"bus", "event", ""},
		{"bus/bustest", "bus", ""},
		{"bus", "ingest", "bus imports nothing of the module but event"},
		{"bus", "internal/clock", "bus imports nothing of the module but event"},
		{"bus", kafkaGo, ""},
		{"bus/kafka", kafkaGo + "/protocol", ""},
		{"ingest", "bus", ""},
		{"ingest/replay", "ingest", ""},
		{"ingest/weibo", "ingest/simulate", ""},
		{"ingest/simulate", "enrich", "no stage imports another stage"},
		{"enrich", "ingest/simulate", "no stage imports another stage"},
		{"identity", "enrich/sentiment", "no stage imports another stage"},
		{"sinks/clickhouse/chdb", "sinks/clickhouse", ""},
		{"sinks/clickhouse", "sinks/clickhouse/chdb", ""},
		{"sinks/alert", "sinks/clickhouse", "no stage imports another stage"},
		{"sinks/parquet", "enrich", "no stage imports another stage"},
		{"sinks/alert", "sinks/clickhouse/chtest", "no stage imports another stage"},
		{"enrich", kafkaGo, "only bus imports kafka-go"},
		{"cmd/lingting", kafkaGo, "only bus imports kafka-go"},
		{"sinks/clickhouse/chdb", purego, ""},
		{"sinks/clickhouse", purego, "only sinks/clickhouse/chdb imports purego"},
		{"cmd/lingting", "sinks/clickhouse/chdb", ""},
		{"cmd/lingting", "cmd/lingting/internal/wire", ""},
		{"enrich", "cmd/lingting", "nothing but cmd imports cmd"},
		{"dashboards", "github.com/prometheus/client_golang/prometheus", ""},
		{"github.com/x/y", "github.com/x/y/cmd", ""}, // third-party edges are not ours to judge
	}
	for _, tc := range tests {
		got := violations([]edge{{from: abs(tc.from), to: abs(tc.to)}})
		want := []string(nil)
		if tc.want != "" {
			want = []string{fmt.Sprintf("%s → %s: %s", tc.from, strings.TrimPrefix(tc.to, "std:"), tc.want)}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s → %s: violations %q, want %q", tc.from, tc.to, got, want)
		}
	}
}

// TestRulesForTestCode: a test may import the shared test support of another stage, and
// nothing else of it.
func TestRulesForTestCode(t *testing.T) {
	allowed := edge{from: abs("sinks/alert"), to: abs("sinks/clickhouse/chtest"), test: true}
	if v := violations([]edge{allowed}); len(v) != 0 {
		t.Errorf("a test importing chtest: violations %q, want none", v)
	}
	broken := edge{from: abs("identity"), to: abs("sinks/clickhouse"), test: true}
	want := "identity → sinks/clickhouse (test): no stage imports another stage"
	if v := violations([]edge{broken}); len(v) != 1 || v[0] != want {
		t.Errorf("a test importing another stage: violations %q, want %q", v, want)
	}
}

// abs turns the table's shorthand into import paths: "std:fmt" is the standard library's
// fmt, a path whose first element has a dot is third-party, anything else is the module's.
func abs(p string) string {
	if std, ok := strings.CutPrefix(p, "std:"); ok {
		return std
	}
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
		return p
	}
	return module + "/" + p
}
