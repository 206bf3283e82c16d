//go:build benchtag

package layouts

import "testing"

func BenchmarkGated(b *testing.B) {
	for b.Loop() {
		Twice(1)
	}
}
