// Package features has benchmarks for the go test features the executor
// keeps: allocation counts, throughput, reported metrics and -short.
package features

// Node is a list element.
type Node struct {
	Value int
	Next  *Node
}

// List builds a list of n nodes: exactly n allocations of one Node each.
func List(n int) *Node {
	var head *Node
	for i := 0; i < n; i++ {
		head = &Node{Value: i, Next: head}
	}
	return head
}

// Checksum sums the bytes of p.
func Checksum(p []byte) uint32 {
	var s uint32
	for _, c := range p {
		s += uint32(c)
	}
	return s
}
