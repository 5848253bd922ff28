package dashboards

// The ClickHouse data source Lingting's dashboards query.
const (
	// PluginType is the official ClickHouse data source plugin's id.
	PluginType = "grafana-clickhouse-datasource"
	// PluginVersion is the plugin generation the targets are written for: with 4.0.0 or
	// later the plugin reads them as SQL-editor queries as they are, without migrating.
	PluginVersion = "4.0.0"
	// DatasourceUID is the uid of the provisioned data source
	// (provisioning/datasources/lingting.yaml).
	DatasourceUID = "lingting-clickhouse"
	// DatasourceName is the provisioned data source's display name.
	DatasourceName = "Lingting ClickHouse"
	// datasourceVar is the dashboard variable that picks the data source.
	datasourceVar = "${datasource}"
)

// gridWidth is the width of Grafana's panel grid.
const gridWidth = 24

// ds is the data source reference every panel and target uses: whichever ClickHouse
// data source the dashboard's datasource variable selects.
func ds() *DataSourceRef {
	return &DataSourceRef{Type: PluginType, UID: datasourceVar}
}

// sqlTarget returns a SQL-editor target with refId A.
func sqlTarget(format Format, sql string) Target {
	qt := "table"
	if format == FormatTimeSeries {
		qt = "timeseries"
	}
	return Target{
		RefID:         "A",
		Datasource:    *ds(),
		EditorType:    "sql",
		QueryType:     qt,
		Format:        format,
		RawSQL:        sql,
		PluginVersion: PluginVersion,
	}
}

// panel returns a panel of type typ, w×h grid cells, querying sql in format.
func panel(typ, title, description string, w, h int, format Format, sql string) Panel {
	return Panel{
		Type:        typ,
		Title:       title,
		Description: description,
		Datasource:  ds(),
		GridPos:     GridPos{W: w, H: h},
		Targets:     []Target{sqlTarget(format, sql)},
		FieldConfig: FieldConfig{Overrides: []Override{}},
		Options:     map[string]any{},
	}
}

// standard fills the fields every Lingting dashboard shares (editable, shared crosshair,
// browser time zone, Grafana's built-in annotations, schema version, version 1) and lays
// out d's panels; the caller sets the rest.
func standard(d Dashboard) Dashboard {
	d.Editable = true
	d.GraphTooltip = 1
	d.SchemaVersion = SchemaVersion
	d.Timezone = "browser"
	d.Annotations = builtinAnnotations()
	d.Panels = layout(d.Panels)
	d.Links = []any{}
	d.Version = 1
	return d
}

// layout numbers the panels from 1 in order and places them left to right, top to
// bottom, starting a new row when a panel does not fit in the current one.
func layout(panels []Panel) []Panel {
	x, y, rowH := 0, 0, 0
	for i := range panels {
		p := &panels[i]
		if x+p.GridPos.W > gridWidth {
			x, y, rowH = 0, y+rowH, 0
		}
		p.ID = i + 1
		p.GridPos.X, p.GridPos.Y = x, y
		x += p.GridPos.W
		rowH = max(rowH, p.GridPos.H)
	}
	return panels
}

// Colours of the sentiment labels, the same on every panel.
var labelColors = map[string]string{
	"positive": "green",
	"neutral":  "blue",
	"negative": "red",
}

// fixedColor overrides the colour of the field named name.
func fixedColor(name, color string) Override {
	return Override{
		Matcher: Matcher{ID: "byName", Options: name},
		Properties: []Property{{
			ID:    "color",
			Value: map[string]any{"mode": "fixed", "fixedColor": color},
		}},
	}
}

// labelOverrides colours the positive, neutral and negative fields.
// stackedLabelBars makes p a horizontal bar chart with one bar per xField value, stacked
// by sentiment label in the label colours.
func stackedLabelBars(p Panel, xField string) Panel {
	p.FieldConfig.Defaults = FieldDefaults{
		Unit:   "short",
		Color:  map[string]any{"mode": "palette-classic"},
		Custom: map[string]any{"fillOpacity": 80, "lineWidth": 1},
	}
	p.FieldConfig.Overrides = labelOverrides()
	p.Options = map[string]any{
		"orientation": "horizontal",
		"stacking":    "normal",
		"xField":      xField,
		"showValue":   "auto",
		"legend":      map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true},
		"tooltip":     map[string]any{"mode": "multi", "sort": "none"},
	}
	return p
}

func labelOverrides() []Override {
	return []Override{
		fixedColor("positive", labelColors["positive"]),
		fixedColor("neutral", labelColors["neutral"]),
		fixedColor("negative", labelColors["negative"]),
	}
}

// fieldOverride sets properties on the field named name.
func fieldOverride(name string, props ...Property) Override {
	return Override{Matcher: Matcher{ID: "byName", Options: name}, Properties: props}
}

// thresholds returns absolute thresholds: base colour, then colour from each value on.
func thresholds(base string, steps ...Step) *Thresholds {
	return &Thresholds{Mode: "absolute", Steps: append([]Step{{Color: base}}, steps...)}
}

func ptr[T any](v T) *T { return &v }
