// Package failing has benchmarks that fail in the two ways a benchmark can:
// b.Fatal, which fails it alone, and a panic, which ends the test binary.
// The benchmarks that pass before them must still be reported.
package failing

import "testing"

func BenchmarkOK(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkFatal(b *testing.B) {
	b.Fatal("bad input on purpose")
}

func BenchmarkOK2(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}

func BenchmarkPanic(b *testing.B) {
	if b.N > 1 {
		panic("boom on purpose")
	}
}
