package dashboards

// The table panels of the brand overview: lists of mentions, authors and dead letters.

func tableOptions(sortBy string, desc bool) map[string]any {
	return map[string]any{
		"showHeader": true,
		"cellHeight": "sm",
		"footer":     map[string]any{"show": false, "reducer": []string{"sum"}, "countRows": false},
		"sortBy":     []map[string]any{{"displayName": sortBy, "desc": desc}},
	}
}

func tableDefaults() FieldDefaults {
	return FieldDefaults{
		Color:      map[string]any{"mode": "thresholds"},
		Custom:     map[string]any{"align": "auto", "cellOptions": map[string]any{"type": "auto"}, "inspect": false},
		Thresholds: thresholds("text"),
	}
}

// scoreOverride shows a sentiment score column in colour: red when negative.
func scoreOverride(name string) Override {
	return fieldOverride(name,
		Property{ID: "decimals", Value: 2},
		Property{ID: "min", Value: -1},
		Property{ID: "max", Value: 1},
		Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-text"}},
		Property{ID: "thresholds", Value: thresholds("red",
			Step{Color: "yellow", Value: ptr(-0.2)}, Step{Color: "green", Value: ptr(0.2)})},
	)
}

func mostNegative() Panel {
	p := panel("table", "Most negative recent mentions",
		"The 50 most negative mentions of the selected brands in the time range (lowest score first, newest first on a tie), with author, reach and a link to the post. "+
			"Text is stored after PII redaction.",
		24, 10, FormatTable, sql(
			"SELECT created_at AS time, platform, arrayStringConcat(brands, ', ') AS brand_list,",
			"       author_nickname AS author, author_followers AS followers,",
			"       sentiment_score AS score, text, url",
			"FROM lingting.mentions FINAL",
			"WHERE {mentions} AND sentiment_label = 'negative'",
			"  AND (platform, id) IN (",
			"    SELECT platform, id",
			"    FROM lingting.mentions",
			"    WHERE {mentions} AND sentiment_label = 'negative'",
			"    ORDER BY sentiment_score ASC, created_at DESC",
			"    LIMIT 1 BY platform, id",
			"    LIMIT 200",
			"  )",
			"ORDER BY score ASC, time DESC",
			"LIMIT 50"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		scoreOverride("score"),
		fieldOverride("followers", Property{ID: "unit", Value: "short"}),
		fieldOverride("text", Property{ID: "custom.width", Value: 600}, Property{ID: "custom.inspect", Value: true}),
		fieldOverride("url", Property{ID: "links", Value: []Link{{Title: "Open on the platform", URL: "${__value.raw}", TargetBlank: true}}}),
		fieldOverride("time", Property{ID: "custom.width", Value: 170}),
		fieldOverride("brand_list", Property{ID: "displayName", Value: "brands"}),
	}
	p.Options = tableOptions("score", false)
	return p
}

func topAuthors() Panel {
	p := panel("table", "Top authors by reach",
		"The 20 accounts with the most followers among the authors of the selected brands' mentions in the time range, "+
			"with their mention count, engagement (likes + comments + reposts) and mean sentiment score.",
		14, 10, FormatTable, sql(
			"SELECT argMax(nickname, at) AS author, platform,",
			"       argMax(followers, at) AS followers,",
			"       max(verified) AS verified,",
			"       count() AS mentions,",
			"       sum(engagement) AS engagement,",
			"       avgIf(score, label != '') AS avg_score",
			"FROM (",
			"  SELECT author_id, platform, id,",
			"         argMax(created_at, enriched_at) AS at,",
			"         argMax(author_nickname, enriched_at) AS nickname,",
			"         argMax(author_followers, enriched_at) AS followers,",
			"         argMax(author_verified, enriched_at) AS verified,",
			"         argMax(likes + comments + reposts, enriched_at) AS engagement,",
			"         argMax(sentiment_score, enriched_at) AS score,",
			"         argMax(sentiment_label, enriched_at) AS label",
			"  FROM lingting.mentions",
			"  WHERE {mentions} AND author_id != ''",
			"    AND (author_id, platform) IN (",
			"      SELECT author_id, platform",
			"      FROM lingting.authors_per_hour",
			"      WHERE {authors}",
			"      ORDER BY followers DESC",
			"      LIMIT 1 BY author_id, platform",
			"      LIMIT 200",
			"    )",
			"  GROUP BY author_id, platform, id",
			")",
			"GROUP BY author_id, platform",
			"ORDER BY followers DESC, mentions DESC, author",
			"LIMIT 20"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("followers", Property{ID: "unit", Value: "short"},
			Property{ID: "custom.cellOptions", Value: map[string]any{"type": "gauge", "mode": "basic"}},
			Property{ID: "color", Value: map[string]any{"mode": "continuous-BlPu"}}),
		fieldOverride("engagement", Property{ID: "unit", Value: "short"}),
		scoreOverride("avg_score"),
	}
	p.Options = tableOptions("followers", true)
	return p
}

func deadLetters() Panel {
	p := panel("table", "Dead letters in range",
		"For operators: records a stage could not parse or process in the time range, grouped by stage, source and reason, newest first. "+
			"Payloads may hold personal data and are not shown: query lingting.dead_letters with restricted access.",
		10, 10, FormatTable, sql(
			"SELECT stage, source, reason, count() AS dead_letters, max(at) AS last_at",
			"FROM lingting.dead_letters FINAL",
			"WHERE $__timeFilter(at)",
			"GROUP BY stage, source, reason",
			"ORDER BY last_at DESC, dead_letters DESC",
			"LIMIT 100"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("dead_letters", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-background"}},
			Property{ID: "thresholds", Value: thresholds("orange", Step{Color: "red", Value: ptr(100.0)})}),
		fieldOverride("reason", Property{ID: "custom.inspect", Value: true}),
	}
	p.Options = tableOptions("last_at", true)
	return p
}
