package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws `table [#####.....]  42% 123456/293000 rows 81k rows/s` on one line
// of w, redrawn at most every 200 ms, and ends the line on finish. Not safe for
// concurrent use.
type progressBar struct {
	w         io.Writer
	label     string
	start     time.Time
	last      time.Time
	done, tot int64
	drawnOnce bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, start: time.Now()}
}

// update records progress and redraws when the last drawing is old enough.
func (p *progressBar) update(done, total int64) {
	p.done, p.tot = done, total
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.draw()
	}
}

// finish draws the final state and ends the line.
func (p *progressBar) finish() {
	if p.drawnOnce || p.done > 0 {
		p.draw()
		fmt.Fprintln(p.w)
	}
}

func (p *progressBar) draw() {
	p.drawnOnce = true
	const width = 30
	frac := 1.0
	if p.tot > 0 {
		frac = float64(p.done) / float64(p.tot)
	}
	filled := int(frac * width)
	rate := float64(p.done) / max(time.Since(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d/%d rows %.0f rows/s",
		p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), frac*100, p.done, p.tot, rate)
}
