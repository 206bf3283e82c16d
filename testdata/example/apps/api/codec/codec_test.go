package codec

import (
	"fmt"
	"testing"
)

func orders(n int) []Order {
	out := make([]Order, n)
	for i := range out {
		out[i] = Order{ID: i, Customer: fmt.Sprintf("Customer%03d", (i*7919)%n), Amount: float64(i) * 1.5}
	}
	return out
}

func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{10, 1000} {
		os := orders(n)
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Encode(os); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTopCustomers(b *testing.B) {
	os := orders(500)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		TopCustomers(os)
	}
}
