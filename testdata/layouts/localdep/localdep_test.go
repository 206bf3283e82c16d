package localdep

import "testing"

// BenchmarkNested belongs to the nested module: ./... of layouts skips it.
func BenchmarkNested(b *testing.B) {
	for b.Loop() {
		Add(1, 2)
	}
}
