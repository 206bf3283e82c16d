package weird

import "testing"

func BenchmarkEcho(b *testing.B) {
	for b.Loop() {
		Echo("x")
	}
}
