package dashboards_test

import (
	"strings"
	"testing"

	"github.com/lingting/lingting/dashboards"
)

// TestPanelsWellFormed checks what Grafana does not: every panel has a description, a
// ClickHouse data source (the dashboard's datasource variable) or, on the pipeline
// dashboard, the Prometheus one, a unique id and title, one SQL target whose format
// matches its query type (or PromQL targets), and a place inside the grid that overlaps
// no other panel.
func TestPanelsWellFormed(t *testing.T) {
	for _, d := range dashboards.All() {
		prom := d.UID == dashboards.PipelineUID
		ids, titles := map[int]bool{}, map[string]bool{}
		var placed []dashboards.GridPos
		for _, p := range d.Panels {
			switch {
			case p.Description == "":
				t.Errorf("%s: panel %q has no description", d.UID, p.Title)
			case prom && (p.Datasource == nil || p.Datasource.Type != dashboards.PrometheusType || p.Datasource.UID != "${prometheus}"):
				t.Errorf("%s: panel %q data source = %+v", d.UID, p.Title, p.Datasource)
			case !prom && (p.Datasource == nil || p.Datasource.Type != dashboards.PluginType || p.Datasource.UID != "${datasource}"):
				t.Errorf("%s: panel %q data source = %+v", d.UID, p.Title, p.Datasource)
			case p.ID <= 0 || ids[p.ID]:
				t.Errorf("%s: panel %q id %d is not positive or not unique", d.UID, p.Title, p.ID)
			case p.Title == "" || titles[p.Title]:
				t.Errorf("%s: panel title %q is empty or not unique", d.UID, p.Title)
			}
			ids[p.ID], titles[p.Title] = true, true
			if prom {
				checkPromTargets(t, d.UID, p)
			} else {
				checkTargets(t, d.UID, p)
			}
			g := p.GridPos
			if g.X < 0 || g.W <= 0 || g.H <= 0 || g.X+g.W > 24 {
				t.Errorf("%s: panel %q grid position %+v is outside the grid", d.UID, p.Title, g)
			}
			for _, o := range placed {
				if g.X < o.X+o.W && o.X < g.X+g.W && g.Y < o.Y+o.H && o.Y < g.Y+g.H {
					t.Errorf("%s: panel %q at %+v overlaps a panel at %+v", d.UID, p.Title, g, o)
				}
			}
			placed = append(placed, g)
		}
	}
}

func checkTargets(t *testing.T, uid string, p dashboards.Panel) {
	t.Helper()
	if len(p.Targets) != 1 {
		t.Errorf("%s: panel %q has %d targets, want 1", uid, p.Title, len(p.Targets))
		return
	}
	tg := p.Targets[0]
	wantQT := map[dashboards.Format]string{dashboards.FormatTimeSeries: "timeseries", dashboards.FormatTable: "table"}[tg.Format]
	if tg.Datasource != *p.Datasource || tg.EditorType != "sql" || tg.QueryType != wantQT || tg.RawSQL == "" || tg.RefID == "" {
		t.Errorf("%s: panel %q target %+v is not a complete SQL-editor target", uid, p.Title, tg)
	}
	if (p.Type == "timeseries") != (tg.Format == dashboards.FormatTimeSeries) {
		t.Errorf("%s: panel %q of type %s has format %d", uid, p.Title, p.Type, tg.Format)
	}
}

// TestVariablesDefined checks that every variable a query or data source references is
// a variable of its dashboard.
func TestVariablesDefined(t *testing.T) {
	for _, d := range dashboards.All() {
		defined := map[string]bool{}
		for _, v := range d.Templating.List {
			defined[v.Name] = true
		}
		check := func(where, s string) {
			for _, m := range variableRE.FindAllStringSubmatch(s, -1) {
				if !defined[m[1]] {
					t.Errorf("%s: %s references undefined variable %q", d.UID, where, m[1])
				}
			}
		}
		for _, v := range d.Templating.List {
			if v.Datasource != nil {
				check("variable "+v.Name, v.Datasource.UID)
			}
		}
		for _, p := range d.Panels {
			check("panel "+p.Title, p.Datasource.UID)
			for _, tg := range p.Targets {
				check("panel "+p.Title, tg.RawSQL+tg.Expr+tg.Datasource.UID)
			}
		}
	}
}

// TestNegativeIsRed checks that every panel with a "negative" series colours it red
// (stat panels show one value, coloured by thresholds).
func TestNegativeIsRed(t *testing.T) {
	for _, d := range dashboards.All() {
		for _, p := range d.Panels {
			sql := p.Targets[0].RawSQL
			if p.Type == "stat" || !strings.Contains(sql, "AS negative\n") && !strings.Contains(sql, "AS negative,") {
				continue
			}
			red := false
			for _, o := range p.FieldConfig.Overrides {
				for _, prop := range o.Properties {
					c, ok := prop.Value.(map[string]any)
					red = red || o.Matcher == (dashboards.Matcher{ID: "byName", Options: "negative"}) &&
						prop.ID == "color" && ok && c["fixedColor"] == "red"
				}
			}
			if !red {
				t.Errorf("%s: panel %q does not colour its negative series red", d.UID, p.Title)
			}
		}
	}
}

func checkPromTargets(t *testing.T, uid string, p dashboards.Panel) {
	t.Helper()
	refs := map[string]bool{}
	for _, tg := range p.Targets {
		if tg.Datasource != *p.Datasource || tg.Expr == "" || tg.RawSQL != "" || tg.RefID == "" || refs[tg.RefID] {
			t.Errorf("%s: panel %q target %+v is not a complete PromQL target with a unique refId", uid, p.Title, tg)
		}
		refs[tg.RefID] = true
	}
	if len(p.Targets) == 0 {
		t.Errorf("%s: panel %q has no targets", uid, p.Title)
	}
}
