package worker

import "testing"

func BenchmarkLabel(b *testing.B) {
	for b.Loop() {
		Label("nightly-report")
	}
}
