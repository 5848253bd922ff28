package dashboards

// The panels of the brand overview, top to bottom. Counts from the rollup
// (lingting.mentions_per_minute) merge its uniqCombined64(15) sketches of mention and
// author ids (migration 0012): replays never inflate them, and a week of millions of
// mentions reads in a fraction of the time the exact uniqExact states take. Lists read
// lingting.mentions after narrowing to candidates (brand_tables.go).

// estimated ends the description of every panel that counts with the sketches.
const estimated = " Counts up to 1,024 are exact; larger ones are estimates within about 1%."

func statPanel(title, description, unit, sql string) Panel {
	p := panel("stat", title, description, 6, 4, FormatTable, sql)
	p.FieldConfig.Defaults = FieldDefaults{
		Unit:       unit,
		Color:      map[string]any{"mode": "thresholds"},
		Thresholds: thresholds("blue"),
	}
	p.Options = map[string]any{
		"colorMode":     "value",
		"graphMode":     "none",
		"justifyMode":   "auto",
		"textMode":      "value",
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false},
	}
	return p
}

func mentionsStat() Panel {
	return statPanel("Mentions",
		"Distinct mentions of the selected brands on the selected platforms in the time range (from the per-minute rollup)."+estimated,
		"short", sql(
			"SELECT uniqCombined64Merge(15)(mentions_approx) AS mentions",
			"FROM lingting.mentions_per_minute",
			"WHERE {rollup}"))
}

func negativeShareStat() Panel {
	p := statPanel("Negative share",
		"Share of the distinct mentions in the time range labelled negative. Red from 30%."+estimated,
		"percentunit", sql(
			"SELECT if(total = 0, 0, negative / total) AS negative_share",
			"FROM (",
			"  SELECT uniqCombined64Merge(15)(mentions_approx) AS total,",
			"         uniqCombined64MergeIf(15)(mentions_approx, sentiment_label = 'negative') AS negative",
			"  FROM lingting.mentions_per_minute",
			"  WHERE {rollup}",
			")"))
	p.FieldConfig.Defaults.Decimals = ptr(1)
	p.FieldConfig.Defaults.Thresholds = thresholds("green",
		Step{Color: "orange", Value: ptr(0.15)}, Step{Color: "red", Value: ptr(0.3)})
	return p
}

func authorsStat() Panel {
	return statPanel("Authors",
		"Distinct accounts that wrote the mentions in the time range (from the per-minute rollup)."+estimated,
		"short", sql(
			"SELECT uniqCombined64Merge(15)(authors_approx) AS authors",
			"FROM lingting.mentions_per_minute",
			"WHERE {rollup}"))
}

// labelCounts are the positive, neutral and negative mentions of a rollup selection,
// from its sketches: the columns of one SELECT list.
const labelCounts = `uniqCombined64MergeIf(15)(mentions_approx, sentiment_label = 'positive') AS positive,
       uniqCombined64MergeIf(15)(mentions_approx, sentiment_label = 'neutral') AS neutral,
       uniqCombined64MergeIf(15)(mentions_approx, sentiment_label = 'negative') AS negative`

// netSentiment is (positive − negative) / labelled mentions, in [-1, 1], over the columns
// of labelCounts; 0 when nothing is labelled.
const netSentiment = `if(positive + neutral + negative = 0, 0, (positive - negative) / (positive + neutral + negative))`

func netSentimentStat() Panel {
	p := statPanel("Net sentiment",
		"(positive − negative) / labelled mentions in the time range, in [-1, 1] (the aspects' net sentiment too): "+
			"-1 when every mention is negative, 1 when every one is positive. Red below -0.2, green above 0.2."+estimated,
		"none", sql(
			"SELECT "+netSentiment+" AS net_sentiment",
			"FROM (",
			"  SELECT "+labelCounts,
			"  FROM lingting.mentions_per_minute",
			"  WHERE {rollup}",
			")"))
	p.FieldConfig.Defaults.Decimals = ptr(2)
	p.FieldConfig.Defaults.Min, p.FieldConfig.Defaults.Max = ptr(-1.0), ptr(1.0)
	p.FieldConfig.Defaults.Thresholds = thresholds("red",
		Step{Color: "yellow", Value: ptr(-0.2)}, Step{Color: "green", Value: ptr(0.2)})
	return p
}

// timeSeriesCustom is the draw style of a time series panel's fields.
func timeSeriesCustom(draw string, stacked bool) map[string]any {
	stacking := map[string]any{"mode": "none", "group": "A"}
	if stacked {
		stacking["mode"] = "normal"
	}
	return map[string]any{
		"drawStyle":   draw,
		"fillOpacity": 60,
		"lineWidth":   1,
		"showPoints":  "never",
		"stacking":    stacking,
	}
}

func timeSeriesOptions() map[string]any {
	return map[string]any{
		"legend":  map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true, "calcs": []string{"sum"}},
		"tooltip": map[string]any{"mode": "multi", "sort": "desc"},
	}
}

func volumeByPlatform() Panel {
	p := panel("timeseries", "Mention volume by platform",
		"Distinct mentions of the selected brands per time bucket, stacked by platform. From the per-minute rollup, so the smallest bucket is one minute."+estimated,
		12, 9, FormatTimeSeries, sql(
			"SELECT $__timeInterval(minute) AS time, platform, uniqCombined64Merge(15)(mentions_approx) AS mentions",
			"FROM lingting.mentions_per_minute",
			"WHERE {rollup}",
			"GROUP BY time, platform",
			"ORDER BY time, platform"))
	p.Interval = "1m"
	p.FieldConfig.Defaults = FieldDefaults{
		DisplayName: "${__field.labels.platform}",
		Unit:        "short",
		Color:       map[string]any{"mode": "palette-classic"},
		Custom:      timeSeriesCustom("bars", true),
	}
	p.Options = timeSeriesOptions()
	return p
}

func sentimentTrend() Panel {
	p := panel("timeseries", "Sentiment trend",
		"Positive, neutral and negative mentions per time bucket (stacked bars, left axis) and the net sentiment, "+
			"(positive − negative) / labelled mentions in [-1, 1] (line, right axis)."+estimated,
		12, 9, FormatTimeSeries, sql(
			"SELECT time, positive, neutral, negative, "+netSentiment+" AS net_sentiment",
			"FROM (",
			"  SELECT $__timeInterval(minute) AS time,",
			"       "+labelCounts,
			"  FROM lingting.mentions_per_minute",
			"  WHERE {rollup}",
			"  GROUP BY time",
			")",
			"ORDER BY time"))
	p.Interval = "1m"
	p.FieldConfig.Defaults = FieldDefaults{
		Unit:   "short",
		Color:  map[string]any{"mode": "palette-classic"},
		Custom: timeSeriesCustom("bars", true),
	}
	p.FieldConfig.Overrides = append(labelOverrides(), fieldOverride("net_sentiment",
		Property{ID: "displayName", Value: "net sentiment"},
		Property{ID: "unit", Value: "none"},
		Property{ID: "decimals", Value: 2},
		Property{ID: "min", Value: -1},
		Property{ID: "max", Value: 1},
		Property{ID: "custom.axisPlacement", Value: "right"},
		Property{ID: "custom.drawStyle", Value: "line"},
		Property{ID: "custom.lineWidth", Value: 2},
		Property{ID: "custom.fillOpacity", Value: 0},
		Property{ID: "custom.stacking", Value: map[string]any{"mode": "none", "group": "A"}},
		Property{ID: "color", Value: map[string]any{"mode": "fixed", "fixedColor": "purple"}},
	))
	p.Options = timeSeriesOptions()
	return p
}

func shareOfVoice() Panel {
	p := panel("piechart", "Share of voice by brand",
		"Each selected brand's share of all brand mentions in the time range, in percent (a mention matching two brands counts for both)."+estimated,
		8, 9, FormatTable, sql(
			"SELECT brand, 100 * mentions / sum(mentions) OVER () AS share",
			"FROM (",
			"  SELECT brand, uniqCombined64Merge(15)(mentions_approx) AS mentions",
			"  FROM lingting.mentions_per_minute",
			"  WHERE {rollup}",
			"  GROUP BY brand",
			")",
			"ORDER BY share DESC, brand"))
	p.FieldConfig.Defaults = FieldDefaults{
		Unit:     "percent",
		Decimals: ptr(1),
		Color:    map[string]any{"mode": "palette-classic"},
	}
	p.Options = map[string]any{
		"pieType":       "donut",
		"displayLabels": []string{"name", "percent"},
		"legend":        map[string]any{"displayMode": "table", "placement": "right", "showLegend": true, "values": []string{"value"}},
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": true},
		"tooltip":       map[string]any{"mode": "single", "sort": "none"},
	}
	return p
}

func sentimentByPlatform() Panel {
	p := panel("barchart", "Sentiment split by platform",
		"Distinct positive, neutral and negative mentions of the selected brands on each platform in the time range."+estimated,
		8, 9, FormatTable, sql(
			"SELECT platform,",
			"       "+labelCounts,
			"FROM lingting.mentions_per_minute",
			"WHERE {rollup}",
			"GROUP BY platform",
			"ORDER BY platform"))
	return stackedLabelBars(p, "platform")
}

func topHashtags() Panel {
	p := panel("bargauge", "Top hashtags",
		"The 15 #hashtags# used in most distinct mentions of the selected brands in the time range, from the per-hour hashtag rollup (whole hours)."+estimated,
		8, 9, FormatTable, sql(
			"SELECT hashtag, uniqCombined64Merge(15)(mentions) AS mentions",
			"FROM lingting.hashtags_per_hour",
			"WHERE {hourly}",
			"GROUP BY hashtag",
			"ORDER BY mentions DESC, hashtag",
			"LIMIT 15"))
	p.FieldConfig.Defaults = FieldDefaults{
		Unit:       "short",
		Color:      map[string]any{"mode": "continuous-BlPu"},
		Thresholds: thresholds("blue"),
	}
	p.Options = map[string]any{
		"orientation":   "horizontal",
		"displayMode":   "gradient",
		"showUnfilled":  true,
		"valueMode":     "color",
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": true},
	}
	return p
}
