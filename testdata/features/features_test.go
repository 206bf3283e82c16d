package features

import (
	"runtime"
	"testing"
	"time"
)

var sink *Node

// BenchmarkList allocates exactly 8 nodes of 16 bytes per iteration.
func BenchmarkList(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = List(8)
	}
}

func BenchmarkChecksum(b *testing.B) {
	p := make([]byte, 1024)
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		Checksum(p)
	}
}

func BenchmarkMetric(b *testing.B) {
	for b.Loop() {
		Checksum(nil)
	}
	b.ReportMetric(42, "widgets/op")
}

func BenchmarkLong(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark skipped in -short mode")
	}
	for b.Loop() {
		Checksum(make([]byte, 64))
	}
}

// calls counts the calls of BenchmarkCalls.
var calls int

// BenchmarkCalls reports how many times its function has been called so far.
// go test calls a B.Loop benchmark once per -count, so setup before the loop
// runs once per measurement.
func BenchmarkCalls(b *testing.B) {
	calls++
	for b.Loop() {
		Checksum(nil)
	}
	b.ReportMetric(float64(calls), "calls")
}

// disturbed records that BenchmarkDisturbedWarmup has slept.
var disturbed bool

// BenchmarkDisturbedWarmup sleeps once, in its first call after the
// one-iteration probe, as if the process had been descheduled in the middle
// of a warm-up chunk.
func BenchmarkDisturbedWarmup(b *testing.B) {
	if b.N > 1 && !disturbed {
		disturbed = true
		time.Sleep(5 * time.Millisecond)
	}
	p := make([]byte, 64)
	for i := 0; i < b.N; i++ {
		Checksum(p)
	}
}

// BenchmarkForcedCollections reports how many collections the program had
// forced when its call started. It allocates nothing, so its rounds need no
// collection between them, while go test forces one before every call.
func BenchmarkForcedCollections(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Checksum(nil)
	}
	b.ReportMetric(float64(m.NumForcedGC), "forced-gcs")
}
