//go:build !race

package chhttp

const raceEnabled = false
