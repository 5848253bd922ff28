//go:build !(linux && (amd64 || arm64))

package chdb

// signalState is empty where the binding does not know the kernel's sigaction layout;
// there chDB's own switch (chdb_set_signal_handlers_enabled(0)) is the only protection.
type signalState struct{}

func saveSignals() *signalState { return &signalState{} }

func restoreSignals(*signalState) int { return 0 }
