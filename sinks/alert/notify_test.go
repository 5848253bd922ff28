package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"
)

func sampleAlert(i int, status Status, texts int) Alert {
	start := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	a := Alert{ID: fmt.Sprintf("a%d", i), Version: 1, DedupKey: fmt.Sprintf("k%d", i), Group: "茶小满", Rule: RuleVolume,
		Brand: "茶小满", Severity: Critical, Status: status, StartsAt: start, UpdatedAt: start,
		Summary: "茶小满: 30 negative mentions a minute, baseline 1.0 (z 29.0)", Numbers: map[string]float64{"z": 29},
		Evidence: Evidence{Channels: map[string]int{"weibo": 20, "douyin": 5}, Terms: []TermCount{{"老鼠", 9}, {"过期", 7}}}}
	for j := range texts {
		a.Evidence.Mentions = append(a.Evidence.Mentions, Sample{ID: fmt.Sprintf("weibo:%d", j), URL: "https://weibo.com/1/abc",
			Platform: "weibo", Author: "路人甲", Followers: 12000, Score: -0.9, Text: strings.Repeat("后厨有老鼠，太恶心了！", 14)})
	}
	if status == Resolved {
		a.Version, a.EndsAt = 2, start.Add(40*time.Minute)
	}
	return a
}

// recorder is an httptest receiver keeping request bodies and headers.
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
	hdrs   []http.Header
	answer func(n int) (int, string)
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies, r.hdrs = append(r.bodies, b), append(r.hdrs, req.Header.Clone())
	n := len(r.bodies)
	r.mu.Unlock()
	code, body := http.StatusOK, `{"errcode":0,"errmsg":"ok"}`
	if r.answer != nil {
		code, body = r.answer(n)
	}
	w.WriteHeader(code)
	io.WriteString(w, body)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

func TestWeComMarkdownFormat(t *testing.T) {
	tests := []struct {
		name   string
		alerts []Alert
	}{
		{"one firing", []Alert{sampleAlert(1, Firing, 2)}},
		{"one resolved", []Alert{sampleAlert(1, Resolved, 0)}},
		{"oversized evidence", []Alert{sampleAlert(1, Firing, 40)}},
		{"many alerts", []Alert{sampleAlert(1, Firing, 5), sampleAlert(2, Firing, 5), sampleAlert(3, Resolved, 5),
			sampleAlert(4, Firing, 5), sampleAlert(5, Firing, 5), sampleAlert(6, Firing, 5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			if err := NewWeCom(WeComConfig{URL: srv.URL + "/cgi-bin/webhook/send?key=k"}).Notify(context.Background(), tt.alerts); err != nil {
				t.Fatal(err)
			}
			var msg struct {
				MsgType  string `json:"msgtype"`
				Markdown struct {
					Content string `json:"content"`
				} `json:"markdown"`
			}
			if err := json.Unmarshal(rec.bodies[0], &msg); err != nil {
				t.Fatal(err)
			}
			c := msg.Markdown.Content
			if msg.MsgType != "markdown" || len(c) > wecomMaxBytes || !utf8.ValidString(c) {
				t.Fatalf("msgtype %q, %d bytes, valid utf-8 %v", msg.MsgType, len(c), utf8.ValidString(c))
			}
			for _, a := range tt.alerts {
				if !strings.Contains(c, a.Summary) {
					t.Errorf("content lacks the summary of %s", a.ID)
				}
			}
			if tt.alerts[0].Status == Resolved && !strings.Contains(c, "已恢复") {
				t.Error("a resolved alert does not say so")
			}
			if len(tt.alerts[0].Evidence.Mentions) > 0 && !strings.Contains(c, "[原文](https://weibo.com/1/abc)") {
				t.Error("content lacks the evidence link")
			}
		})
	}
}

// inProcess is a transport that serves requests with h directly, so a synctest bubble
// holds the whole exchange.
type inProcess struct{ h http.Handler }

func (p inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

func TestWeComRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var at []time.Time
		rec := &recorder{answer: func(n int) (int, string) {
			at = append(at, time.Now())
			if n == 3 {
				return 200, `{"errcode":45009,"errmsg":"api freq out of limit"}`
			}
			return 200, `{"errcode":0,"errmsg":"ok"}`
		}}
		w := NewWeCom(WeComConfig{URL: "http://robot.invalid/send?key=k"})
		w.client.Transport = inProcess{rec}
		start := time.Now()
		for i := range 25 {
			err := w.Notify(t.Context(), []Alert{sampleAlert(i, Firing, 1)})
			if i == 2 {
				if err == nil || errors.Is(err, ErrPermanent) {
					t.Fatalf("errcode 45009: err %v, want a retryable error", err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for i := range at {
			if i >= 20 && at[i].Sub(at[i-20]) < time.Minute {
				t.Fatalf("message %d went %v after message %d: more than 20 a minute", i, at[i].Sub(at[i-20]), i-20)
			}
		}
		if at[19].Sub(start) != 0 || at[20].Sub(start) != time.Minute {
			t.Errorf("the first 20 should go at once and the 21st a minute later: %v, %v", at[19].Sub(start), at[20].Sub(start))
		}
	})
}

func TestWebhookSignature(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	wh := NewWebhook(WebhookConfig{URL: srv.URL, Secret: "s3cret"})
	if err := wh.Notify(context.Background(), []Alert{sampleAlert(1, Firing, 1)}); err != nil {
		t.Fatal(err)
	}
	h, body := rec.hdrs[0], rec.bodies[0]
	tests := []struct {
		name, secret string
		body         []byte
		ok           bool
	}{
		{"right secret", "s3cret", body, true},
		{"wrong secret", "other", body, false},
		{"tampered body", "s3cret", append([]byte(" "), body...), false},
	}
	for _, tt := range tests {
		err := Verify(tt.secret, h.Get(HeaderTimestamp), h.Get(HeaderSignature), tt.body, time.Now(), 5*time.Minute)
		if (err == nil) != tt.ok {
			t.Errorf("%s: verify error %v", tt.name, err)
		}
	}
	var p WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil || p.Version != 1 || len(p.Alerts) != 1 || p.Alerts[0].Evidence.Mentions[0].URL == "" {
		t.Fatalf("payload %+v, %v", p, err)
	}
}

func TestAlertmanagerPayload(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	am := NewAlertmanager(AlertmanagerConfig{URL: srv.URL, Labels: map[string]string{"team": "pr"}})
	now := time.Now()
	if err := am.Notify(context.Background(), []Alert{sampleAlert(1, Firing, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := am.Notify(context.Background(), []Alert{sampleAlert(1, Resolved, 1)}); err != nil {
		t.Fatal(err)
	}
	var firing, resolved []amAlert
	json.Unmarshal(rec.bodies[0], &firing)
	json.Unmarshal(rec.bodies[1], &resolved)
	f, r := firing[0], resolved[0]
	if f.Labels["alertname"] != "LingtingNegativeVolume" || f.Labels["brand"] != "茶小满" || f.Labels["team"] != "pr" ||
		f.Labels["severity"] != "critical" || !f.EndsAt.After(now) || f.Annotations["evidence_urls"] == "" {
		t.Errorf("firing alert %+v", f)
	}
	if r.EndsAt.After(time.Now()) || r.EndsAt.IsZero() {
		t.Errorf("resolved alert ends at %v, want a past time", r.EndsAt)
	}
	// After a restart, remembered firing alerts are re-sent on refresh.
	am2 := NewAlertmanager(AlertmanagerConfig{URL: srv.URL})
	am2.Remember([]Alert{sampleAlert(2, Firing, 0), sampleAlert(3, Resolved, 0)})
	if err := am2.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	var refreshed []amAlert
	json.Unmarshal(rec.bodies[2], &refreshed)
	if len(refreshed) != 1 || refreshed[0].Annotations["alert_id"] != "a2" {
		t.Errorf("refresh sent %+v", refreshed)
	}
}

// TestOutageLosesNothing: the receiver fails for a while and the process restarts with
// alerts queued; every alert arrives once the receiver is back.
func TestOutageLosesNothing(t *testing.T) {
	var down sync.Mutex
	failing := true
	rec := &recorder{answer: func(int) (int, string) {
		down.Lock()
		defer down.Unlock()
		if failing {
			return http.StatusServiceUnavailable, "down"
		}
		return http.StatusOK, "{}"
	}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	dir := t.TempDir()
	wh := NewWebhook(WebhookConfig{URL: srv.URL, Secret: "s"})
	ob, err := OpenOutbox(dir, []string{wh.Name()})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Put([]Alert{sampleAlert(1, Firing, 1), sampleAlert(2, Firing, 1)}); err != nil {
		t.Fatal(err)
	}
	cfg := DeliveryConfig{Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- NewDelivery(ob, []Notifier{wh}, cfg, nil, nil).Run(ctx) }()
	for rec.count() < 3 {
		time.Sleep(time.Millisecond)
	}
	stop() // the process goes down during the outage
	<-done
	down.Lock()
	failing = false
	down.Unlock()
	ob2, _ := OpenOutbox(dir, []string{wh.Name()})
	ctx, stop = context.WithCancel(context.Background())
	defer stop()
	d := NewDelivery(ob2, []Notifier{wh}, cfg, nil, nil)
	go func() { done <- d.Run(ctx) }()
	for {
		qs, _ := ob2.pending(wh.Name())
		if len(qs) == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	<-done
	rec.mu.Lock()
	last := rec.bodies[len(rec.bodies)-1]
	rec.mu.Unlock()
	var p WebhookPayload
	json.Unmarshal(last, &p)
	if len(p.Alerts) != 2 {
		t.Fatalf("after the outage the receiver got %d alerts, want both", len(p.Alerts))
	}
}
