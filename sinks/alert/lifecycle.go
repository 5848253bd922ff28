package alert

import (
	"maps"
	"time"

	"github.com/lingting/lingting/event"
)

// trigger is one detector's verdict that an alert should be firing.
type trigger struct {
	rule    Rule
	key     string
	brand   string
	ch      event.Platform
	subject string
	sev     Severity
	at      time.Time // event time the condition began
	nums    map[string]float64
	summary string
	trig    *event.Mention
	sample  bool // one-off alert: the triggering mention is the evidence
}

// maxSamples bounds the evidence mentions of one alert.
const maxSamples = 5

// trigger fires a new alert, escalates a firing one, or is dropped (cooldown, or the
// brand-level alert of the same rule already firing: grouping inhibits the channel one).
func (e *Engine) trigger(t trigger) {
	if f, ok := e.active[t.key]; ok {
		e.update(f, t)
		return
	}
	if until, ok := e.quiet[t.key]; ok && !t.at.After(until) {
		e.metrics.suppressed.WithLabelValues(string(t.rule), "cooldown").Inc()
		return
	}
	if t.ch != "" && !oneOffRule(t.rule) && t.rule != RulePileOn {
		if _, ok := e.active[dedupKey(t.rule, t.brand, "", "")]; ok {
			e.metrics.suppressed.WithLabelValues(string(t.rule), "grouped").Inc()
			return
		}
	}
	f := &firing{last: t.at, alert: Alert{
		ID: alertID(t.key, t.at), Version: 1, DedupKey: t.key, Group: t.brand, Rule: t.rule, Brand: t.brand,
		Channel: t.ch, Subject: t.subject, Severity: t.sev, Status: Firing, StartsAt: t.at,
		UpdatedAt: e.now().UTC(), Summary: t.summary, Numbers: t.nums,
	}}
	if t.trig != nil {
		f.alert.Trigger = t.trig.ID
	}
	if t.sample && t.trig != nil {
		f.samples = append(f.samples, sampleOf(t.trig))
	}
	f.alert.Evidence = e.buildEvidence(f)
	e.active[t.key] = f
	e.metrics.fired.WithLabelValues(string(t.rule), string(t.sev)).Inc()
	e.metrics.firing.Set(float64(len(e.active)))
	e.emit(f.alert)
}

// update records a further trigger of a firing alert: one-off alerts gather evidence;
// an escalation of severity is a new version.
func (e *Engine) update(f *firing, t trigger) {
	if t.at.After(f.last) {
		f.last = t.at
	}
	if t.sample && t.trig != nil && len(f.samples) < maxSamples {
		f.samples = append(f.samples, sampleOf(t.trig))
		if f.alert.Numbers != nil {
			f.alert.Numbers = maps.Clone(f.alert.Numbers)
			f.alert.Numbers["matches"]++
		}
	}
	if t.sev.rank() <= f.alert.Severity.rank() {
		return
	}
	a := f.alert
	a.Version++
	a.Severity, a.Summary, a.Numbers, a.UpdatedAt = t.sev, t.summary, t.nums, e.now().UTC()
	a.Evidence = e.buildEvidence(f)
	f.alert = a
	e.emit(a)
}

// resolve ends the firing alert of key at event time end and starts its cooldown.
func (e *Engine) resolve(key string, end time.Time) {
	f, ok := e.active[key]
	if !ok {
		return
	}
	delete(e.active, key)
	a := f.alert
	a.Version++
	a.Status, a.EndsAt, a.UpdatedAt = Resolved, end, e.now().UTC()
	a.Evidence = e.buildEvidence(f)
	e.quiet[key] = end.Add(e.cfg.Cooldown)
	e.metrics.resolved.WithLabelValues(string(a.Rule)).Inc()
	e.metrics.firing.Set(float64(len(e.active)))
	e.emit(a)
}

// emit queues a change for Pending.
func (e *Engine) emit(a Alert) { e.pending = append(e.pending, a) }
