package broken

import "testing"

func BenchmarkAnswer(b *testing.B) {
	for b.Loop() {
		Answer()
	}
}
