// Package alert turns the enriched mention stream into alerts for PR on-call: detectors
// (negative-volume spike against a seasonal baseline, negative-share spike, high-reach
// negative mention, thread pile-on, compliance words in WeCom chats) run per brand and per
// brand × channel on event time; an Engine keeps each alert's lifecycle (firing →
// resolved, dedup key, grouping by brand, cooldown) and its evidence; a Store keeps alerts
// in ClickHouse (lingting.alerts) and rebuilds baselines from the per-minute rollup on
// start-up; an Outbox (a spool directory) and one Dispatcher per Notifier deliver them to
// Alertmanager, a WeCom group robot or a signed webhook, with retries, so a notifier
// outage loses no alert.
//
// Time is event time (Mention.CreatedAt). Counts are kept in one-minute buckets; a bucket
// closes when the watermark (the newest CreatedAt seen, less Config.Lateness) passes its
// end. Counts only grow while a bucket is open, so a spike fires on the mention that
// makes it true, without waiting for the minute to end; resolution waits for closed
// buckets.
package alert
