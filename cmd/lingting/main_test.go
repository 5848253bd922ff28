package main

import (
	"os"
	"testing"
)

// TestMain lets a test start this test binary as the lingting command itself
// (LINGTING_RUN_MAIN=1 with the command's arguments), to test what a real process does:
// being killed mid-run and started again.
func TestMain(m *testing.M) {
	if os.Getenv("LINGTING_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
