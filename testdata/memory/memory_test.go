// Package memory holds benchmarks whose allocations are known exactly: the
// memory mode e2e tests check that they are counted so.
package memory

import "testing"

var sink [16]*[64]byte

// BenchmarkThree64 allocates 3 objects of 64 bytes per iteration.
func BenchmarkThree64(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink[0] = new([64]byte)
		sink[1] = new([64]byte)
		sink[2] = new([64]byte)
	}
}

// BenchmarkThree64Loop is BenchmarkThree64 written with B.Loop.
func BenchmarkThree64Loop(b *testing.B) {
	for b.Loop() {
		sink[0] = new([64]byte)
		sink[1] = new([64]byte)
		sink[2] = new([64]byte)
	}
}

// BenchmarkThree64Setup allocates ten more objects per iteration, which
// StopTimer excludes.
func BenchmarkThree64Setup(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j := 3; j < 13; j++ {
			sink[j] = new([64]byte)
		}
		b.StartTimer()
		sink[0] = new([64]byte)
		sink[1] = new([64]byte)
		sink[2] = new([64]byte)
	}
}

// BenchmarkNone allocates nothing.
func BenchmarkNone(b *testing.B) {
	x := 0
	for i := 0; i < b.N; i++ {
		x += i
	}
	_ = x
}

var table []byte

// BenchmarkTable builds a 1 MiB table before ResetTimer, then allocates
// one 64-byte object per iteration: its peak heap holds the table.
func BenchmarkTable(b *testing.B) {
	table = make([]byte, 1<<20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink[0] = new([64]byte)
	}
}
