// Package simulation holds benchmarks whose instruction counts are known in
// proportion: the simulation e2e tests check that the counts keep them.
package simulation

import "testing"

var sink uint64

//go:noinline
func work(n int) {
	for i := 0; i < n; i++ {
		sink += uint64(i) * 2654435761
	}
}

// BenchmarkWork and BenchmarkWorkTwice differ only in the work per
// iteration, twice as much in the second.
func BenchmarkWork(b *testing.B) {
	for i := 0; i < b.N; i++ {
		work(1000)
	}
}

func BenchmarkWorkTwice(b *testing.B) {
	for i := 0; i < b.N; i++ {
		work(2000)
	}
}

// BenchmarkWorkLoop is BenchmarkWork written with B.Loop.
func BenchmarkWorkLoop(b *testing.B) {
	for b.Loop() {
		work(1000)
	}
}

// BenchmarkWorkSetup does BenchmarkWork's work, after ten times as much
// that StopTimer excludes, in every iteration.
func BenchmarkWorkSetup(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		work(10000)
		b.StartTimer()
		work(1000)
	}
}

// BenchmarkWorkReset does a large setup before ResetTimer, then
// BenchmarkWork's work.
func BenchmarkWorkReset(b *testing.B) {
	work(1000000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		work(1000)
	}
}
