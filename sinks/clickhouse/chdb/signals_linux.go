//go:build linux && (amd64 || arm64)

package chdb

import (
	"syscall"
	"unsafe"
)

// kernelSigaction is the kernel's struct sigaction on linux/amd64 and linux/arm64.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const maxSignal = 64

// signalState is a snapshot of the process's signal actions and the calling thread's
// signal mask.
type signalState struct {
	actions [maxSignal + 1]kernelSigaction
	saved   [maxSignal + 1]bool
	mask    uint64
}

// saveSignals records every signal action of the process and the calling thread's
// signal mask. The caller must hold the OS thread (runtime.LockOSThread) until
// restoreSignals for the mask to be the same thread's.
//
// It calls rt_sigaction directly rather than libc's sigaction: the kernel structure
// round-trips exactly (libc would substitute its own restorer and refuses signals 32 and
// 33), which is what restoring Go's handlers needs.
func saveSignals() *signalState {
	s := &signalState{}
	for sig := 1; sig <= maxSignal; sig++ {
		_, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0,
			uintptr(unsafe.Pointer(&s.actions[sig])), 8, 0, 0)
		s.saved[sig] = errno == 0
	}
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 0, 0, uintptr(unsafe.Pointer(&s.mask)), 8, 0, 0)
	return s
}

// sigDefault is SIG_DFL, the default action.
const sigDefault = 0

// restoreSignals puts back every signal action that changed since saveSignals and had
// been set by the process (a handler, such as Go's, or SIG_IGN), and the thread's signal
// mask. A signal the process left at its default action is left as the engine set it:
// chDB installs a handler for signal 34 (SIGRTMIN) while connecting even with its
// handlers disabled, presumably for its own use; Go does not handle such a signal unless
// os/signal later asks for it, which installs Go's handler then. It returns how many
// actions it restored.
func restoreSignals(s *signalState) int {
	restored := 0
	for sig := 1; sig <= maxSignal; sig++ {
		if !s.saved[sig] || s.actions[sig].handler == sigDefault ||
			sig == int(syscall.SIGKILL) || sig == int(syscall.SIGSTOP) {
			continue
		}
		var cur kernelSigaction
		_, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0,
			uintptr(unsafe.Pointer(&cur)), 8, 0, 0)
		if errno == 0 && cur == s.actions[sig] {
			continue
		}
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig),
			uintptr(unsafe.Pointer(&s.actions[sig])), 0, 8, 0, 0)
		restored++
	}
	const sigSetmask = 2
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, sigSetmask, uintptr(unsafe.Pointer(&s.mask)), 0, 8, 0, 0)
	return restored
}
