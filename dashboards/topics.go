package dashboards

// TopicsUID is the uid of the topics and aspects dashboard.
const TopicsUID = "lingting-topics"

// Topics returns the "Lingting — Topics and aspects" dashboard: aspect sentiment of the
// selected brands over time (rollup lingting.aspects_per_hour, migration 0009), and the
// hashtags and keywords people talk about (rollup lingting.topics and its views, migration
// 0005; those are counted over all brands, the rollup has no brand). Every call returns a
// new value.
func Topics() Dashboard {
	return standard(Dashboard{
		UID:   TopicsUID,
		Title: "Lingting — Topics and aspects",
		Description: "What people say about the selected brands: sentiment per aspect (price, quality, service …) over time, " +
			"and trending and emerging hashtags and keywords. Data: ClickHouse database lingting (hourly rollups).",
		Tags:       []string{"lingting", "social-listening", "topics"},
		Refresh:    "5m",
		Time:       TimeRange{From: "now-7d", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable(), brandVariable(), platformVariable()}},
		Panels: []Panel{
			aspectNetSentiment(), aspectSplit(),
			trendingTerms(), emergingTerms(),
		},
	})
}

func aspectNetSentiment() Panel {
	p := panel("timeseries", "Aspect net sentiment over time",
		"Per aspect and time bucket: (positive − negative) / mentions of the aspect, in [-1, 1], for the selected brands and platforms. "+
			"From the per-hour aspect rollup, so the smallest bucket is one hour.",
		14, 9, FormatTimeSeries, sql(
			"SELECT $__timeInterval(hour) AS time, aspect,",
			"       (uniqExactMergeIf(mentions, label = 'positive') - uniqExactMergeIf(mentions, label = 'negative'))",
			"         / uniqExactMerge(mentions) AS net_sentiment",
			"FROM lingting.aspects_per_hour",
			"WHERE {hourly}",
			"GROUP BY time, aspect",
			"ORDER BY time, aspect"))
	p.Interval = "1h"
	p.FieldConfig.Defaults = FieldDefaults{
		DisplayName: "${__field.labels.aspect}",
		Unit:        "none",
		Decimals:    ptr(2),
		Min:         ptr(-1.0),
		Max:         ptr(1.0),
		Color:       map[string]any{"mode": "palette-classic"},
		Custom:      timeSeriesCustom("line", false),
	}
	p.Options = timeSeriesOptions()
	return p
}

func aspectSplit() Panel {
	p := panel("barchart", "Aspects by sentiment",
		"Distinct positive, neutral and negative mentions per aspect of the selected brands in the time range, most negative first.",
		10, 9, FormatTable, sql(
			"SELECT aspect,",
			"       uniqExactMergeIf(mentions, label = 'positive') AS positive,",
			"       uniqExactMergeIf(mentions, label = 'neutral') AS neutral,",
			"       uniqExactMergeIf(mentions, label = 'negative') AS negative",
			"FROM lingting.aspects_per_hour",
			"WHERE {hourly}",
			"GROUP BY aspect",
			"ORDER BY negative DESC, aspect"))
	return stackedLabelBars(p, "aspect")
}

func trendingTerms() Panel {
	p := panel("table", "Trending hashtags and keywords",
		"The 30 hashtags and keywords in most distinct mentions in the time range, all brands together (the topics rollup has no brand), "+
			"with their distinct authors.",
		12, 10, FormatTable, sql(
			"SELECT term, source, sum(mentions) AS mentions, sum(authors) AS authors",
			"FROM lingting.topics_hourly",
			"WHERE $__timeFilter(hour)",
			"GROUP BY term, source",
			"ORDER BY mentions DESC, term",
			"LIMIT 30"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("mentions", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "gauge", "mode": "basic"}},
			Property{ID: "color", Value: map[string]any{"mode": "continuous-BlPu"}}),
	}
	p.Options = tableOptions("mentions", true)
	return p
}

func emergingTerms() Panel {
	p := panel("table", "Emerging terms",
		"Terms whose mentions in the last 6 hours of data stand out against their own hourly rate over the 7 days before "+
			"(score = recent rate / (baseline rate + 1)), all brands together. Independent of the time picker: "+
			"\"now\" is the newest hour of data.",
		12, 10, FormatTable, sql(
			"SELECT term, source, recent, baseline, round(score, 2) AS score",
			"FROM lingting.topics_emerging",
			"ORDER BY score DESC, term",
			"LIMIT 20"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("score", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
			Property{ID: "thresholds", Value: thresholds("blue", Step{Color: "orange", Value: ptr(3.0)}, Step{Color: "red", Value: ptr(10.0)})}),
	}
	p.Options = tableOptions("score", true)
	return p
}
