package ext_test

import (
	"testing"

	"example.com/layouts/ext"
)

func BenchmarkSquare(b *testing.B) {
	for b.Loop() {
		ext.Square(7)
	}
}
