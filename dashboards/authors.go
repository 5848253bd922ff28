package dashboards

import "strings"

// AuthorsUID is the uid of the authors and influencers dashboard.
const AuthorsUID = "lingting-authors"

// InfluencerFollowers is the follower count from which the dashboard calls an author an
// influencer.
const InfluencerFollowers = 100_000

// Authors returns the "Lingting — Authors and influencers" dashboard: who writes about
// the selected brands, ranked by reach and by negative impact, the verified accounts
// among them, and mentions by reach tier. Every panel reads the per-hour author rollup
// lingting.authors_per_hour (migration 0008), never raw mentions. Every call returns a
// new value.
func Authors() Dashboard {
	return standard(Dashboard{
		UID:   AuthorsUID,
		Title: "Lingting — Authors and influencers",
		Description: "Accounts writing about the selected brands: reach, negative impact, verified accounts and " +
			"reach tiers, from the per-hour author rollup (whole hours). Data: ClickHouse database lingting.",
		Tags:       []string{"lingting", "social-listening", "authors"},
		Refresh:    "5m",
		Time:       TimeRange{From: "now-7d", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable(), brandVariable(), platformVariable()}},
		Panels: []Panel{
			activeAuthorsStat(), verifiedAuthorsStat(), influencersStat(),
			influencersByReach(), negativeImpact(),
			mentionsByTier(), verifiedAccounts(),
		},
	})
}

// perAuthor merges the rollup's rows into one row per author and platform over the
// selection: the subquery every authors table reads.
const perAuthor = `  SELECT author_id, platform,
         any(nickname) AS author,
         max(followers) AS followers,
         max(verified) AS verified,
         uniqCombined64Merge(15)(mentions_approx) AS mentions,
         uniqCombined64Merge(15)(negative_approx) AS negative,
         avgMerge(sentiment_avg) AS avg_score
  FROM lingting.authors_per_hour
  WHERE {authors}
  GROUP BY author_id, platform`

func activeAuthorsStat() Panel {
	p := statPanel("Active authors",
		"Distinct accounts that wrote about the selected brands on the selected platforms in the time range."+estimated,
		"short", sql(
			"SELECT uniqCombined64(15)(author_id) AS authors",
			"FROM lingting.authors_per_hour",
			"WHERE {authors}"))
	p.GridPos.W = 8
	return p
}

func verifiedAuthorsStat() Panel {
	p := statPanel("Verified authors",
		"Distinct accounts among them that the platform marks as verified."+estimated,
		"short", sql(
			"SELECT uniqCombined64If(15)(author_id, verified = 1) AS verified_authors",
			"FROM lingting.authors_per_hour",
			"WHERE {authors}"))
	p.GridPos.W = 8
	return p
}

func influencersStat() Panel {
	p := statPanel("Influencers (100k+ followers)",
		"Distinct accounts among them with at least 100,000 followers (the highest count seen in the range)."+estimated,
		"short", sql(
			"SELECT uniqCombined64If(15)(author_id, followers >= 100000) AS influencers",
			"FROM lingting.authors_per_hour",
			"WHERE {authors}"))
	p.GridPos.W = 8
	return p
}

// authorTable is a table panel over perAuthor with the usual author columns formatted.
func authorTable(title, description string, w int, sortBy string, lines ...string) Panel {
	p := panel("table", title, description, w, 10, FormatTable, sql(lines...))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{
		fieldOverride("followers", Property{ID: "unit", Value: "short"}),
		fieldOverride("verified", Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-text"}},
			Property{ID: "mappings", Value: []map[string]any{{"type": "value", "options": map[string]any{
				"0": map[string]any{"text": "no"}, "1": map[string]any{"text": "yes", "color": "blue"}}}}}),
		scoreOverride("avg_score"),
		fieldOverride("negative", fixedColor("negative", labelColors["negative"]).Properties[0],
			Property{ID: "custom.cellOptions", Value: map[string]any{"type": "color-text"}}),
	}
	p.Options = tableOptions(sortBy, true)
	return p
}

// reachCandidates narrows perAuthor to the 200 accounts with the most followers before
// any aggregate state is merged: picking them with LIMIT 1 BY reads the rollup without
// merging states, which are most of the cost of a per-author table (docs/scaling.md).
// Exact unless more than 200 accounts tie at the 20th account's follower count.
const reachCandidates = `
    AND (author_id, platform) IN (
      SELECT author_id, platform
      FROM lingting.authors_per_hour
      WHERE {authors}
      ORDER BY followers DESC
      LIMIT 1 BY author_id, platform
      LIMIT 200
    )`

// negativeCandidates narrows perAuthor to 200 accounts with the highest negative impact
// before the mentions and sentiment states are merged. It ranks them on the rollup rows
// that hold negative mentions only (finalizeAggregation reads a row's sketch without
// creating a per-author one), so most accounts never get an aggregate state, which is most
// of the cost of a per-author table (docs/scaling.md). Exact unless an account's follower
// count rose, in hours without negative mentions, enough to move it from beyond the 200th
// place into the top 20, or more than 200 accounts tie at the 20th account's impact.
const negativeCandidates = `
    AND (author_id, platform) IN (
      SELECT author_id, platform
      FROM lingting.authors_per_hour
      WHERE {authors} AND finalizeAggregation(negative_approx) > 0
      GROUP BY author_id, platform
      ORDER BY uniqCombined64Merge(15)(negative_approx) * max(followers) DESC
      LIMIT 200
    )`

// verifiedCandidates narrows perAuthor to the 200 accounts seen verified in the selection
// with the most mentions in the rollup rows, counted without merging states
// (finalizeAggregation reads each row's sketch), so only the candidates get one. A
// mention naming two selected brands is in two rows and counts twice there, so the
// candidates can differ from the exact top 200; the table's counts are merged exactly,
// and it misses one of the top 50 only when at least 151 accounts with no more distinct
// mentions rank above it through those double counts.
const verifiedCandidates = `
    AND (author_id, platform) IN (
      SELECT author_id, platform
      FROM lingting.authors_per_hour
      WHERE {authors} AND verified = 1
      GROUP BY author_id, platform
      ORDER BY sum(finalizeAggregation(mentions_approx)) DESC
      LIMIT 200
    )`

// withCandidates is perAuthor restricted to the accounts the candidates condition selects.
func withCandidates(candidates string) string {
	return strings.Replace(perAuthor, "  WHERE {authors}", "  WHERE {authors}"+candidates, 1)
}

func influencersByReach() Panel {
	return authorTable("Influencers by reach",
		"The 20 accounts with the most followers (the highest count seen in the range) among the authors of the selected brands' mentions, "+
			"with their distinct mentions, negative mentions and mean sentiment score.",
		12, "followers",
		"SELECT author, platform, followers, verified, mentions, negative, avg_score",
		"FROM (",
		withCandidates(reachCandidates),
		")",
		"ORDER BY followers DESC, mentions DESC, author",
		"LIMIT 20")
}

func negativeImpact() Panel {
	p := authorTable("Authors by negative impact",
		"The 20 accounts whose negative mentions reached most people: negative mentions × followers. "+
			"The first names to answer or escalate in a crisis. Ranked among the 200 accounts with the highest impact in the hours of their negative mentions.",
		12, "impact",
		"SELECT author, platform, followers, negative, negative * followers AS impact, mentions, avg_score",
		"FROM (",
		withCandidates(negativeCandidates),
		")",
		"WHERE negative > 0",
		"ORDER BY impact DESC, negative DESC, author",
		"LIMIT 20")
	p.FieldConfig.Overrides = append(p.FieldConfig.Overrides,
		fieldOverride("impact", Property{ID: "unit", Value: "short"},
			Property{ID: "custom.cellOptions", Value: map[string]any{"type": "gauge", "mode": "basic"}},
			Property{ID: "color", Value: map[string]any{"mode": "continuous-YlRd"}}))
	return p
}

func mentionsByTier() Panel {
	p := panel("timeseries", "Mentions by author reach tier",
		"Distinct mentions per time bucket by the reach of their author (the highest follower count seen in the hour): under 10k, 10k–100k, 100k–1M and 1M+ followers. "+
			"From the per-hour rollup, so the smallest bucket is one hour."+estimated,
		12, 9, FormatTimeSeries, sql(
			"SELECT $__timeInterval(hour) AS time,",
			"       multiIf(followers >= 1000000, '1M+', followers >= 100000, '100k-1M', followers >= 10000, '10k-100k', 'under 10k') AS tier,",
			"       uniqCombined64Merge(15)(mentions_approx) AS mentions",
			"FROM lingting.authors_per_hour",
			"WHERE {authors}",
			"GROUP BY time, tier",
			"ORDER BY time, tier"))
	p.Interval = "1h"
	p.FieldConfig.Defaults = FieldDefaults{
		DisplayName: "${__field.labels.tier}",
		Unit:        "short",
		Color:       map[string]any{"mode": "palette-classic"},
		Custom:      timeSeriesCustom("bars", true),
	}
	p.Options = timeSeriesOptions()
	return p
}

func verifiedAccounts() Panel {
	return authorTable("Verified accounts",
		"The 50 verified accounts with the most distinct mentions of the selected brands in the time range. "+
			"Ranked among the 200 verified accounts with the most mentions per brand (a mention of two brands counts twice there).",
		12, "mentions",
		"SELECT author, platform, followers, mentions, negative, avg_score",
		"FROM (",
		withCandidates(verifiedCandidates),
		")",
		"ORDER BY mentions DESC, followers DESC, author",
		"LIMIT 50")
}
