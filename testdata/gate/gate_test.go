package gate

import "testing"

// BenchmarkWork does size units of work per iteration.
func BenchmarkWork(b *testing.B) {
	for i := 0; i < b.N; i++ {
		work(size)
	}
}

// BenchmarkSteady does the same work whatever size says.
func BenchmarkSteady(b *testing.B) {
	for i := 0; i < b.N; i++ {
		work(1000)
	}
}
