package dashboards

// CustomersUID is the uid of the customers (SCRM) dashboard.
const CustomersUID = "lingting-customers"

// profilesFilter selects the profiles of persons active in the time range who talked
// about the selected brands on the selected platforms.
const profilesFilter = "$__timeFilter(last_seen) AND hasAny(brands, [${brand:singlequote}]) AND hasAny(platforms, [${platform:singlequote}])"

// Customers returns the "Lingting — Customers (SCRM)" dashboard: persons resolved across
// channels (lingting.persons), their engagement tiers, loyalty stages, advocates and churn
// signals (lingting.profiles, migration 0006), and WeCom customers gained and lost. Every
// call returns a new value.
func Customers() Dashboard {
	return standard(Dashboard{
		UID:   CustomersUID,
		Title: "Lingting — Customers (SCRM)",
		Description: "People behind the mentions, resolved across Weibo, Douyin and WeCom: segments, advocates, churn signals " +
			"and WeCom customers gained and lost. Profiles are those of persons active in the time range who talked about the selected brands. " +
			"Data: ClickHouse tables lingting.persons and lingting.profiles (identity stage).",
		Tags:       []string{"lingting", "scrm", "customers"},
		Refresh:    "5m",
		Time:       TimeRange{From: "now-30d", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable(), brandVariable(), platformVariable()}},
		Panels: []Panel{
			crossChannelStat(), segmentPanel("Engagement tiers", "engagement_tier",
				"Persons by engagement tier: silent observers, occasional participants, deep participants."),
			segmentPanel("Loyalty stages", "loyalty_stage", "Persons by loyalty stage: potential, regular, loyal, member."),
			newLostCustomers(),
			advocates(), churnRisk(),
		},
	})
}

func crossChannelStat() Panel {
	p := statPanel("Persons on several channels",
		"Active persons whose accounts span more than one platform (identity resolution), among the profiles selected.",
		"short", sql(
			"SELECT countIf(length(platforms) > 1) AS cross_channel",
			"FROM lingting.profiles FINAL",
			"WHERE "+profilesFilter))
	p.GridPos.W, p.GridPos.H = 4, 8
	return p
}

func segmentPanel(title, column, description string) Panel {
	p := panel("piechart", title, description+" Profiles of persons active in the time range who talked about the selected brands.",
		6, 8, FormatTable, sql(
			"SELECT "+column+" AS segment, count() AS persons",
			"FROM lingting.profiles FINAL",
			"WHERE "+profilesFilter,
			"GROUP BY segment",
			"ORDER BY persons DESC, segment"))
	p.FieldConfig.Defaults = FieldDefaults{Unit: "short", Color: map[string]any{"mode": "palette-classic"}}
	p.Options = map[string]any{
		"pieType":       "donut",
		"displayLabels": []string{"name", "value"},
		"legend":        map[string]any{"displayMode": "list", "placement": "right", "showLegend": true},
		"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": true},
		"tooltip":       map[string]any{"mode": "single", "sort": "none"},
	}
	return p
}

func newLostCustomers() Panel {
	p := panel("timeseries", "New and lost WeCom customers",
		"WeCom external contacts added (new customers) and deleted (lost) per time bucket, from the customer events. "+
			"Reads raw mentions, but only the WeCom slice: the table's sort key starts with platform. Distinct contacts, so replays do not count twice.",
		8, 8, FormatTimeSeries, sql(
			"SELECT $__timeInterval(created_at) AS time,",
			"       uniqExactIf(author_id, event_type = 'add_external_contact') AS new,",
			"       uniqExactIf(author_id, event_type = 'del_external_contact') AS lost",
			"FROM lingting.mentions",
			"WHERE platform = 'wecom' AND kind = 'customer_event' AND $__timeFilter(created_at)",
			"GROUP BY time",
			"ORDER BY time"))
	p.FieldConfig.Defaults = FieldDefaults{Unit: "short", Color: map[string]any{"mode": "palette-classic"}, Custom: timeSeriesCustom("bars", false)}
	p.FieldConfig.Overrides = []Override{fixedColor("new", "green"), fixedColor("lost", "red")}
	p.Options = timeSeriesOptions()
	return p
}

func advocates() Panel {
	p := panel("table", "Top advocates",
		"The 20 persons with the highest advocate score (positive brand mentions plus weighted shares, in [0, 1]) among the selected profiles.",
		12, 10, FormatTable, sql(
			"SELECT person_id, arrayStringConcat(platforms, ', ') AS channels, arrayStringConcat(brands, ', ') AS brand_list,",
			"       round(advocate_score, 2) AS advocate_score, mentions, round(sentiment_avg, 2) AS avg_score, loyalty_stage",
			"FROM lingting.profiles FINAL",
			"WHERE "+profilesFilter+" AND advocate_score > 0",
			"ORDER BY advocate_score DESC, mentions DESC, person_id",
			"LIMIT 20"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{scoreOverride("avg_score"), fieldOverride("brand_list", Property{ID: "displayName", Value: "brands"})}
	p.Options = tableOptions("advocate_score", true)
	return p
}

func churnRisk() Panel {
	p := panel("table", "Churn risk",
		"Persons with a churn risk of 0.5 or more, highest first, with the signals that fired (deleted: removed the WeCom contact; "+
			"falling_sentiment; silent).",
		12, 10, FormatTable, sql(
			"SELECT person_id, arrayStringConcat(platforms, ', ') AS channels, round(churn_risk, 2) AS churn_risk,",
			"       arrayStringConcat(churn_signals, ', ') AS signals, last_seen, loyalty_stage",
			"FROM lingting.profiles FINAL",
			"WHERE "+profilesFilter+" AND churn_risk >= 0.5",
			"ORDER BY churn_risk DESC, last_seen DESC, person_id",
			"LIMIT 50"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{fieldOverride("churn_risk", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
		Property{ID: "thresholds", Value: thresholds("orange", Step{Color: "red", Value: ptr(0.8)})})}
	p.Options = tableOptions("churn_risk", true)
	return p
}
