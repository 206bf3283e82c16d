// Package gate holds a benchmark whose work the compare e2e test changes
// between two runs: it edits size.
package gate

const size = 1000

var sink uint64

//go:noinline
func work(n int) {
	for i := 0; i < n; i++ {
		sink += uint64(i) * 2654435761
	}
}
