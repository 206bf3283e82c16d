package mathx

import "testing"

func BenchmarkDot(b *testing.B) {
	for _, n := range []int{16, 1024} {
		a := make([]float64, n)
		b.Run(map[int]string{16: "small", 1024: "large"}[n], func(b *testing.B) {
			for b.Loop() {
				Dot(a, a)
			}
		})
	}
}
