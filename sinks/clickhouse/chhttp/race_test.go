//go:build race

package chhttp

// raceEnabled: the race detector disables sync.Pool reuse, so allocation counts mean
// nothing under it.
const raceEnabled = true
