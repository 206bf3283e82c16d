package api

import "testing"

func BenchmarkScore(b *testing.B) {
	f := make([]float64, 64)
	for i := 0; i < b.N; i++ {
		Score(f)
	}
}
