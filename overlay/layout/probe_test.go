// Package layoutprobe is built twice, against the standard testing package
// and against the patched one, so that nx-go-bench can compare where its
// code lands: the code of a user's benchmarks sits where this package's does.
package layoutprobe

import "testing"

var sink int

// BenchmarkN reaches the b.N path of package testing.
func BenchmarkN(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink++
	}
}

// BenchmarkLoop reaches the B.Loop path.
func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
		sink++
	}
}
