//go:build linux && (amd64 || arm64)

package chdb

import (
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestSignalActionsKept checks that opening the engine left every signal action the
// process had set (Go's handlers) as it was before.
func TestSignalActionsKept(t *testing.T) {
	for sig := 1; sig <= maxSignal; sig++ {
		if !preOpenSigs.saved[sig] || preOpenSigs.actions[sig].handler == sigDefault {
			continue
		}
		var cur kernelSigaction
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0, uintptr(unsafe.Pointer(&cur)), 8, 0, 0)
		if cur.handler != preOpenSigs.actions[sig].handler {
			t.Errorf("signal %d: handler %#x, was %#x before Open", sig, cur.handler, preOpenSigs.actions[sig].handler)
		}
	}
}

// TestPanicRecoverAfterOpen: a nil dereference (SIGSEGV, handled by Go's handler) still
// turns into a recoverable panic with the engine open.
func TestPanicRecoverAfterOpen(t *testing.T) {
	mustQuery(t, "SELECT 1", "")
	recovered := func() (r any) {
		defer func() { r = recover() }()
		var p *int
		return *p
	}()
	if err, ok := recovered.(runtime.Error); !ok {
		t.Fatalf("recovered %v, want a runtime.Error", recovered)
	} else {
		t.Logf("recovered: %v", err)
	}
}

// TestPreemptionAfterOpen: with one P, a goroutine spinning in a loop without calls can
// only yield through asynchronous preemption (SIGURG). If the engine had taken the
// signal, this test would hang until the watchdog fails it.
func TestPreemptionAfterOpen(t *testing.T) {
	mustQuery(t, "SELECT 1", "")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var stop atomic.Bool
	started := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		close(started)
		spin(&stop)
	}()
	<-started
	watchdog := time.AfterFunc(time.Minute, func() { panic("goroutine preemption does not work with the engine open") })
	defer watchdog.Stop()
	runtime.Gosched() // returns only if the spinning goroutine is preempted
	stop.Store(true)
	<-done
}

//go:noinline
func spin(stop *atomic.Bool) {
	n := 0
	for !stop.Load() {
		n++
	}
	_ = n
}
