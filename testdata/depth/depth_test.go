// Package depth holds benchmarks that see how deep in the stack they are
// called, as code that captures stacks (loggers, tracers) does.
package depth

import (
	"runtime"
	"testing"
)

var sink []uintptr

// frames reports how many frames are above the caller of frames.
//
//go:noinline
func frames() int {
	var pcs [64]uintptr
	return runtime.Callers(2, pcs[:])
}

// BenchmarkDepth allocates a slice as long as its stack is deep, so that
// its bytes per iteration tell the depth too.
func BenchmarkDepth(b *testing.B) {
	n := 0
	for i := 0; i < b.N; i++ {
		n = frames()
		sink = make([]uintptr, n)
	}
	b.ReportMetric(float64(n), "frames")
}

func BenchmarkDepthLoop(b *testing.B) {
	n := 0
	for b.Loop() {
		n = frames()
		sink = make([]uintptr, n)
	}
	b.ReportMetric(float64(n), "frames")
}
