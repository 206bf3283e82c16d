package strutil

import "testing"

// The word Benchmark in a comment or a string is not a benchmark:
// func BenchmarkShout(b *testing.B) {}
var _ = "func BenchmarkQuoted(b *testing.B) {}"

func TestShout(t *testing.T) {
	if Shout("hi") != "HI!" {
		t.Fatal("Shout")
	}
}
