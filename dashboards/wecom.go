package dashboards

import "strings"

// WeComUID is the uid of the WeCom service dashboard.
const WeComUID = "lingting-wecom"

// isCustomer is true for chat messages a customer (a WeCom external contact) sent: their
// sender ids start with "wo" or "wm", and the archive marks their message ids
// "_external" (ingest/wecom.IsCustomer).
const isCustomer = "(startsWith(author_id, 'wecom:wo') OR startsWith(author_id, 'wecom:wm') OR endsWith(native_id, '_external'))"

// chatsCTE is every WeCom chat message of the time range with its thread and sender
// side (staff = 1 - customer, precomputed: ClickHouse 26.7 rewrites sum(1 - customer)
// over a window into a sumCount it then cannot find). WeCom rows are a small slice of
// mentions and the table's sort key starts with platform, so these panels read raw rows
// without scanning the other platforms. A replayed message is the same row again (the
// archive never edits one), so LIMIT 1 BY id drops the copies; FINAL would read and merge
// the whole WeCom slice of the partition, chats or not.
const chatsCTE = "chats AS (\n" +
	"  SELECT thread_id, created_at, toUInt8(" + isCustomer + ") AS customer, toInt64(1) - customer AS staff\n" +
	"  FROM lingting.mentions\n" +
	"  WHERE platform = 'wecom' AND kind = 'chat' AND $__timeFilter(created_at)\n" +
	"  LIMIT 1 BY id\n" +
	")"

// responsesCTE pairs each run of customer messages in a thread with the staff message that
// ends it: run k holds the customer messages after the k-th staff message and the
// (k+1)-th staff message, so asked is the run's first customer message and answered its
// staff message (NULL while nobody answered).
const responsesCTE = chatsCTE + ",\n" +
	"runs AS (\n" +
	"  SELECT thread_id, created_at, customer,\n" +
	"         sum(staff) OVER (PARTITION BY thread_id ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - staff AS run\n" +
	"  FROM chats\n" +
	"),\n" +
	"responses AS (\n" +
	"  SELECT thread_id, run, minIf(created_at, customer = 1) AS asked,\n" +
	"         if(countIf(customer = 0) > 0, minIf(created_at, customer = 0), NULL) AS answered\n" +
	"  FROM runs\n" +
	"  GROUP BY thread_id, run\n" +
	"  HAVING countIf(customer = 1) > 0\n" +
	")"

// WeCom returns the "Lingting — WeCom service" dashboard: chat volume by side, staff
// first-response times, unanswered customers and compliance hits. The chat panels read
// the WeCom slice of lingting.mentions; compliance hits come from lingting.alerts. Every
// call returns a new value.
func WeCom() Dashboard {
	return standard(Dashboard{
		UID:   WeComUID,
		Title: "Lingting — WeCom service",
		Description: "Customer service in WeCom chats (会话内容存档): message volume of customers and staff, how fast staff answer, " +
			"customers still waiting, and compliance hits. Data: ClickHouse database lingting.",
		Tags:       []string{"lingting", "scrm", "wecom"},
		Refresh:    "1m",
		Time:       TimeRange{From: "now-24h", To: "now"},
		Templating: Templating{List: []Variable{datasourceVariable()}},
		Panels: []Panel{
			medianResponseStat(), unansweredStat(),
			chatVolume(), responseTimes(),
			complianceHits(),
		},
	})
}

func withSQL(cte string, lines ...string) string {
	return "WITH " + cte + "\n" + strings.Join(lines, "\n")
}

func medianResponseStat() Panel {
	p := statPanel("Median first response",
		"Median time from a customer's first unanswered message to the next staff message in the same chat, for questions asked in the time range. "+
			"Orange from 5 minutes, red from 30.",
		"s", withSQL(responsesCTE,
			"SELECT median(dateDiff('millisecond', asked, answered)) / 1000 AS median_response",
			"FROM responses",
			"WHERE answered IS NOT NULL"))
	p.GridPos.W = 12
	p.FieldConfig.Defaults.Thresholds = thresholds("green", Step{Color: "orange", Value: ptr(300.0)}, Step{Color: "red", Value: ptr(1800.0)})
	return p
}

func unansweredStat() Panel {
	p := statPanel("Customers waiting",
		"Chats whose last customer messages have no staff answer yet (within the time range).",
		"short", withSQL(responsesCTE,
			"SELECT countIf(answered IS NULL) AS waiting",
			"FROM responses"))
	p.GridPos.W = 12
	p.FieldConfig.Defaults.Thresholds = thresholds("green", Step{Color: "orange", Value: ptr(1.0)})
	return p
}

func chatVolume() Panel {
	p := panel("timeseries", "Chat messages",
		"WeCom chat messages per time bucket, from customers and from staff.",
		12, 8, FormatTimeSeries, withSQL(chatsCTE,
			"SELECT $__timeInterval(created_at) AS time,",
			"       countIf(customer = 1) AS customers, countIf(customer = 0) AS staff",
			"FROM chats",
			"GROUP BY time",
			"ORDER BY time"))
	p.FieldConfig.Defaults = FieldDefaults{Unit: "short", Color: map[string]any{"mode": "palette-classic"}, Custom: timeSeriesCustom("bars", true)}
	p.Options = timeSeriesOptions()
	return p
}

func responseTimes() Panel {
	p := panel("timeseries", "Staff first-response time",
		"Median and 90th percentile of the staff's first-response time per time bucket of the question.",
		12, 8, FormatTimeSeries, withSQL(responsesCTE,
			"SELECT $__timeInterval(asked) AS time,",
			"       quantile(0.5)(dateDiff('millisecond', asked, answered)) / 1000 AS p50,",
			"       quantile(0.9)(dateDiff('millisecond', asked, answered)) / 1000 AS p90",
			"FROM responses",
			"WHERE answered IS NOT NULL",
			"GROUP BY time",
			"ORDER BY time"))
	p.FieldConfig.Defaults = FieldDefaults{Unit: "s", Color: map[string]any{"mode": "palette-classic"}, Custom: timeSeriesCustom("line", false)}
	p.Options = timeSeriesOptions()
	return p
}

func complianceHits() Panel {
	p := panel("table", "Compliance hits",
		"Compliance alerts from WeCom chats (promises of returns, insults … per the configured word lists), newest first, "+
			"with the chat and category in subject.",
		24, 10, FormatTable, sql(
			"SELECT starts_at AS time, subject, severity, status, summary, arrayStringConcat(top_terms, ', ') AS terms",
			"FROM lingting.alerts FINAL",
			"WHERE rule = 'compliance' AND $__timeFilter(starts_at)",
			"ORDER BY time DESC",
			"LIMIT 200"))
	p.FieldConfig.Defaults = tableDefaults()
	p.FieldConfig.Overrides = []Override{fieldOverride("summary", Property{ID: "custom.inspect", Value: true})}
	p.Options = tableOptions("time", true)
	return p
}
