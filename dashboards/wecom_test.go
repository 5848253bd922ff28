package dashboards_test

import (
	"testing"
	"time"
)

func init() {
	panelChecks["Median first response"] = checkMedianResponse
	panelChecks["Customers waiting"] = checkWaiting
	panelChecks["Chat messages"] = checkChatVolume
	panelChecks["Staff first-response time"] = checkResponseTimes
	panelChecks["Compliance hits"] = checkCompliance
}

// The first-response times and waiting chats of testChats, worked out by hand.
var (
	wantResponses = []time.Duration{120 * time.Second, 60 * time.Second, 180 * time.Second}
	wantWaiting   = 1
)

func checkMedianResponse(t *testing.T, r result, _ env) {
	if got := num(t, one(t, r)); got != 120 {
		t.Errorf("median first response = %v s, want 120", got)
	}
}

func checkWaiting(t *testing.T, r result, _ env) {
	if got := num(t, one(t, r)); got != float64(wantWaiting) {
		t.Errorf("customers waiting = %v, want %d", got, wantWaiting)
	}
}

func checkChatVolume(t *testing.T, r result, e env) {
	type bucket struct{ customers, staff int }
	want := map[time.Time]bucket{}
	for _, c := range testChats {
		k := rangeFrom.Add(c.at).Truncate(e.interval)
		b := want[k]
		if c.customer {
			b.customers++
		} else {
			b.staff++
		}
		want[k] = b
	}
	if len(r.rows) != len(want) {
		t.Fatalf("%d buckets, want %d", len(r.rows), len(want))
	}
	for _, row := range r.rows {
		w := want[tm(t, row["time"]).UTC()]
		if num(t, row["customers"]) != float64(w.customers) || num(t, row["staff"]) != float64(w.staff) {
			t.Errorf("bucket %v, want %+v", row, w)
		}
	}
}

func checkResponseTimes(t *testing.T, r result, e env) {
	// One question per bucket at a 5-minute interval: p50 = p90 = its response time.
	if e.interval != 5*time.Minute || len(r.rows) != len(wantResponses) {
		t.Fatalf("%d buckets at interval %v, want %d at 5m", len(r.rows), e.interval, len(wantResponses))
	}
	for i, row := range r.rows {
		want := wantResponses[i].Seconds()
		if num(t, row["p50"]) != want || num(t, row["p90"]) != want {
			t.Errorf("bucket %d %v, want p50 = p90 = %v s", i, row, want)
		}
	}
}

func checkCompliance(t *testing.T, r result, _ env) {
	want := 0
	for _, a := range testAlerts() {
		if a.rule == "compliance" && !a.starts.Before(rangeFrom) && !a.starts.After(rangeTo) {
			want++
		}
	}
	if len(r.rows) != want || want == 0 {
		t.Errorf("%d compliance hits, want %d (> 0)", len(r.rows), want)
	}
}
