package layouts

import "testing"

func BenchmarkUsesDep(b *testing.B) {
	for b.Loop() {
		Twice(21)
	}
}
