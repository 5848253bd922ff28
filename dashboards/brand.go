package dashboards

import "strings"

// BrandOverviewUID is the uid of the brand overview dashboard, stable across
// regenerations so links and bookmarks keep working.
const BrandOverviewUID = "lingting-brand-overview"

// Filters every brand-team panel applies, by table. The rollup counts a mention once
// for each brand it matched and merges uniqExact states of ids, so a mention matching
// several selected brands still counts once where brands are summed over. The rollup
// filters whole minutes: with a range that does not start and end on a minute, its
// panels may differ from the raw-table ones by the mentions of the two edge minutes.
// Mentions that matched no brand (the empty brand) are never selected.
const (
	rollupFilter   = "$__timeFilter(minute) AND brand IN (${brand:singlequote}) AND platform IN (${platform:singlequote})"
	mentionsFilter = "$__timeFilter(created_at) AND hasAny(brands, [${brand:singlequote}]) AND platform IN (${platform:singlequote})"
	authorsFilter  = "$__timeFilter(hour) AND brand IN (${brand:singlequote}) AND platform IN (${platform:singlequote})"
	hourlyFilter   = authorsFilter // every per-hour rollup keyed by brand and platform
)

// sql joins query lines with newlines and replaces the {rollup}, {mentions} and
// {authors} placeholders with the filters above, so every query reads as plain SQL in
// Grafana.
func sql(lines ...string) string {
	return strings.NewReplacer("{rollup}", rollupFilter, "{mentions}", mentionsFilter, "{authors}", authorsFilter, "{hourly}", hourlyFilter).
		Replace(strings.Join(lines, "\n"))
}

// BrandOverview returns the "Lingting — Brand overview" dashboard: volume, sentiment,
// share of voice, hashtags, negative mentions and influential authors for the brands and
// platforms picked in its variables, plus the dead letters of the time range for
// operators. Every call returns a new value.
func BrandOverview() Dashboard {
	return standard(Dashboard{
		UID:   BrandOverviewUID,
		Title: "Lingting — Brand overview",
		Description: "Mentions of the selected brands on Weibo, Douyin and WeCom: volume, " +
			"sentiment, share of voice, hashtags, the most negative mentions and the most " +
			"influential authors. Data: ClickHouse database lingting.",
		Tags:       []string{"lingting", "social-listening", "brand"},
		Refresh:    "1m",
		Time:       TimeRange{From: "now-24h", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable(), brandVariable(), platformVariable()}},
		Panels:     brandPanels(),
	})
}

func brandPanels() []Panel {
	return []Panel{
		mentionsStat(), negativeShareStat(), authorsStat(), netSentimentStat(),
		volumeByPlatform(), sentimentTrend(),
		shareOfVoice(), sentimentByPlatform(), topHashtags(),
		mostNegative(),
		topAuthors(), deadLetters(),
	}
}

func builtinAnnotations() Annotations {
	return Annotations{List: []map[string]any{{
		"builtIn":    1,
		"datasource": map[string]any{"type": "grafana", "uid": "-- Grafana --"},
		"enable":     true,
		"hide":       true,
		"iconColor":  "rgba(0, 211, 255, 1)",
		"name":       "Annotations & Alerts",
		"type":       "dashboard",
	}}}
}

func datasourceVariable() Variable {
	return Variable{
		Name:        "datasource",
		Label:       "Data source",
		Description: "The ClickHouse data source holding database lingting",
		Type:        "datasource",
		Query:       PluginType,
		Refresh:     1,
		Current:     Current{Text: DatasourceName, Value: DatasourceUID},
		Options:     []Option{},
	}
}

// BrandVariableSQL lists the brands the brand variable offers: every brand in the
// rollup, which leads its sort key, so the query reads little.
const BrandVariableSQL = "SELECT DISTINCT brand FROM lingting.mentions_per_minute WHERE brand != '' ORDER BY brand"

func brandVariable() Variable {
	return Variable{
		Name:        "brand",
		Label:       "Brand",
		Description: "Brands matched by the configured brand queries",
		Type:        "query",
		Datasource:  ds(),
		Query:       VariableQuery{RefID: "brand", QueryType: "sql", EditorType: "sql", RawSQL: BrandVariableSQL},
		Definition:  BrandVariableSQL,
		Multi:       true,
		IncludeAll:  true,
		Refresh:     1,
		Sort:        1,
		Current:     Current{Text: []string{"All"}, Value: []string{"$__all"}},
		Options:     []Option{},
	}
}

// Platforms are the values the platform variable offers.
var Platforms = []string{"weibo", "douyin", "wecom"}

func platformVariable() Variable {
	opts := []Option{{Text: "All", Value: "$__all", Selected: true}}
	for _, p := range Platforms {
		opts = append(opts, Option{Text: p, Value: p})
	}
	return Variable{
		Name:        "platform",
		Label:       "Platform",
		Description: "Channels the mentions come from",
		Type:        "custom",
		Query:       strings.Join(Platforms, ","),
		Multi:       true,
		IncludeAll:  true,
		Current:     Current{Text: []string{"All"}, Value: []string{"$__all"}},
		Options:     opts,
	}
}
