package dashboards

import (
	"bytes"
	"encoding/json"
)

// The types below are the part of Grafana's dashboard JSON model (schemaVersion 39,
// Grafana 10 and 11) that Lingting's dashboards use. Field names and JSON tags follow
// Grafana's; anything Grafana fills with defaults on load is left out.

// SchemaVersion is the Grafana dashboard schema version the generated JSON is written
// for (Grafana 10.4 / 11).
const SchemaVersion = 39

// Dashboard is one Grafana dashboard.
type Dashboard struct {
	UID           string      `json:"uid"`
	Title         string      `json:"title"`
	Description   string      `json:"description,omitempty"`
	Tags          []string    `json:"tags"`
	Editable      bool        `json:"editable"`
	GraphTooltip  int         `json:"graphTooltip"` // 1: shared crosshair
	Refresh       string      `json:"refresh,omitempty"`
	SchemaVersion int         `json:"schemaVersion"`
	Time          TimeRange   `json:"time"`
	Timezone      string      `json:"timezone"`
	Annotations   Annotations `json:"annotations"`
	Templating    Templating  `json:"templating"`
	Panels        []Panel     `json:"panels"`
	Links         []any       `json:"links"`
	Version       int         `json:"version"`
}

// TimeRange is the dashboard's default time range, in Grafana's relative syntax.
type TimeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Annotations holds the dashboard's annotation queries; Lingting's have none of their
// own, only Grafana's built-in one.
type Annotations struct {
	List []map[string]any `json:"list"`
}

// Templating holds the dashboard variables, in display order.
type Templating struct {
	List []Variable `json:"list"`
}

// DataSourceRef names a data source by plugin type and uid; the uid may be a variable
// reference such as "${datasource}".
type DataSourceRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name        string         `json:"name"`
	Label       string         `json:"label,omitempty"`
	Description string         `json:"description,omitempty"`
	Type        string         `json:"type"` // "datasource", "query" or "custom"
	Datasource  *DataSourceRef `json:"datasource,omitempty"`
	// Query is the plugin id for a datasource variable, the comma-separated values of a
	// custom variable, and a VariableQuery for a query variable.
	Query      any      `json:"query"`
	Definition string   `json:"definition,omitempty"`
	Multi      bool     `json:"multi"`
	IncludeAll bool     `json:"includeAll"`
	Refresh    int      `json:"refresh"` // 1: on dashboard load, 2: on time range change
	Sort       int      `json:"sort"`    // 1: alphabetical ascending
	Current    Current  `json:"current"`
	Options    []Option `json:"options"`
	Hide       int      `json:"hide"`
	Regex      string   `json:"regex"`
}

// VariableQuery is a query variable's query for the ClickHouse data source. Its fields
// satisfy every plugin generation: v3 reads queryType "sql", v4 reads editorType "sql",
// and the guided variable editor of later versions reads queryType "sql" and rawSql.
type VariableQuery struct {
	RefID      string `json:"refId"`
	QueryType  string `json:"queryType"`
	EditorType string `json:"editorType"`
	RawSQL     string `json:"rawSql"`
}

// Current is a variable's selected value(s).
type Current struct {
	Text  any `json:"text"`
	Value any `json:"value"`
}

// Option is one value a custom variable offers.
type Option struct {
	Text     string `json:"text"`
	Value    string `json:"value"`
	Selected bool   `json:"selected"`
}

// Panel is one visualisation on the dashboard.
type Panel struct {
	ID              int              `json:"id"`
	Type            string           `json:"type"`
	Title           string           `json:"title"`
	Description     string           `json:"description"`
	Datasource      *DataSourceRef   `json:"datasource,omitempty"`
	GridPos         GridPos          `json:"gridPos"`
	Interval        string           `json:"interval,omitempty"` // minimum query interval
	Targets         []Target         `json:"targets"`
	FieldConfig     FieldConfig      `json:"fieldConfig"`
	Options         map[string]any   `json:"options"`
	Transformations []Transformation `json:"transformations,omitempty"`
}

// GridPos places a panel on the 24-column grid.
type GridPos struct {
	H int `json:"h"`
	W int `json:"w"`
	X int `json:"x"`
	Y int `json:"y"`
}

// Format is the ClickHouse plugin's result format (grafana-plugin-sdk-go sqlutil).
type Format int

// The result formats Lingting's panels use.
const (
	FormatTimeSeries Format = 0 // long frames are pivoted to one series per string column value
	FormatTable      Format = 1
)

// Target is one query of a panel: in the ClickHouse plugin's v4 SQL-editor shape, or,
// when Datasource.Type is PrometheusType, a PromQL query (Expr, LegendFormat; the SQL
// fields are then left out of the JSON).
type Target struct {
	RefID         string        `json:"refId"`
	Datasource    DataSourceRef `json:"datasource"`
	EditorType    string        `json:"editorType"`
	QueryType     string        `json:"queryType"` // "timeseries" or "table", matching Format
	Format        Format        `json:"format"`
	RawSQL        string        `json:"rawSql"`
	PluginVersion string        `json:"pluginVersion"`

	Expr         string `json:"-"` // PromQL, Prometheus targets only
	LegendFormat string `json:"-"` // series name template, Prometheus targets only
}

// promTarget is a Prometheus target's JSON shape.
type promTarget struct {
	RefID        string        `json:"refId"`
	Datasource   DataSourceRef `json:"datasource"`
	EditorMode   string        `json:"editorMode"`
	Expr         string        `json:"expr"`
	LegendFormat string        `json:"legendFormat"`
	Range        bool          `json:"range"`
}

// MarshalJSON writes a ClickHouse target with its SQL fields and a Prometheus target
// with its PromQL fields, without escaping HTML characters (PromQL has < and >).
func (t Target) MarshalJSON() ([]byte, error) {
	type plain Target // no MarshalJSON: avoids recursion
	var v any = plain(t)
	if t.Datasource.Type == PrometheusType {
		v = promTarget{RefID: t.RefID, Datasource: t.Datasource, EditorMode: "code",
			Expr: t.Expr, LegendFormat: t.LegendFormat, Range: true}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// FieldConfig sets how a panel displays fields: defaults for all, overrides for some.
type FieldConfig struct {
	Defaults  FieldDefaults `json:"defaults"`
	Overrides []Override    `json:"overrides"`
}

// FieldDefaults are the display settings of every field of a panel.
type FieldDefaults struct {
	DisplayName string         `json:"displayName,omitempty"`
	Unit        string         `json:"unit,omitempty"`
	Decimals    *int           `json:"decimals,omitempty"`
	Min         *float64       `json:"min,omitempty"`
	Max         *float64       `json:"max,omitempty"`
	Color       map[string]any `json:"color,omitempty"`
	Custom      map[string]any `json:"custom,omitempty"`
	Thresholds  *Thresholds    `json:"thresholds,omitempty"`
	Links       []Link         `json:"links,omitempty"`
}

// Thresholds colour values by steps; the first step's Value is nil (minus infinity).
type Thresholds struct {
	Mode  string `json:"mode"` // "absolute" or "percentage"
	Steps []Step `json:"steps"`
}

// Step is one threshold step.
type Step struct {
	Color string   `json:"color"`
	Value *float64 `json:"value"`
}

// Override changes properties of the fields a matcher selects.
type Override struct {
	Matcher    Matcher    `json:"matcher"`
	Properties []Property `json:"properties"`
}

// Matcher selects fields, e.g. {ID: "byName", Options: "negative"}.
type Matcher struct {
	ID      string `json:"id"`
	Options string `json:"options"`
}

// Property is one field setting, e.g. {ID: "color", Value: …}.
type Property struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

// Link is a data link on a field.
type Link struct {
	Title       string `json:"title"`
	URL         string `json:"url"`
	TargetBlank bool   `json:"targetBlank"`
}

// Transformation is a Grafana data transformation applied to a panel's query results.
type Transformation struct {
	ID      string         `json:"id"`
	Options map[string]any `json:"options"`
}
